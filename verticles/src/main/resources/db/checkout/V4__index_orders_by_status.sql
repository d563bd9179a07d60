-- The order gauges (ecommerce_orders, ecommerce_orders_oldest_seconds) count orders by status and find the
-- oldest one still pending or paid every few seconds: an index walk, not a table scan.
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, updated_at);
