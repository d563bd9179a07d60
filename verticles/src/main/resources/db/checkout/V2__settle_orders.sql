-- Orders are settled against payment's record of charges. checked_at: when an order was last found to agree with its
-- charge; every change of status clears it, so the reconciler looks at each order again once it has settled.
-- Orders from before payment kept a record have nothing to be checked against: they count as checked.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS checked_at TIMESTAMPTZ;
UPDATE orders SET checked_at = now() WHERE status <> 'pending';
CREATE INDEX IF NOT EXISTS orders_unchecked ON orders (updated_at, order_id) WHERE checked_at IS NULL;
