-- What the cart held (a digest of its lines), so a repeat of the same cart without a key finds the first order.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS cart_digest CHAR(64);

-- One checkout per session at a time, whichever instance takes it. A session's older pending orders, left by
-- attempts that never finished, are failed first; the reconciler voids any charge they have.
UPDATE orders SET status = 'failed', failure_status = 503, updated_at = now(), checked_at = NULL,
    failure_body = '{"message":"failure","error":"the checkout did not finish; please try again"}'
  WHERE status = 'pending' AND order_id NOT IN (
    SELECT DISTINCT ON (session_id) order_id FROM orders WHERE status = 'pending' ORDER BY session_id, created_at DESC);
CREATE UNIQUE INDEX IF NOT EXISTS orders_one_pending_per_session ON orders (session_id) WHERE status = 'pending';
