-- What the request asked (a keyed digest of its body, billing included), so that without a key only the same request
-- again is a repeat of an order, and with a key another request under it is refused. Orders from before have none.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS request_digest CHAR(64);
