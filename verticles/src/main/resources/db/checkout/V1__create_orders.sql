-- Orders as checkout records them: written before payment, so a charge never happens without a record.
-- status: pending -> paid -> completed, or pending -> failed, or paid -> voided (payment taken back).
CREATE TABLE IF NOT EXISTS orders (
    order_id        UUID PRIMARY KEY,
    session_id      VARCHAR(64) NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    status          VARCHAR(16) NOT NULL CHECK (status IN ('pending', 'paid', 'completed', 'failed', 'voided')),
    total           NUMERIC(10, 2) NOT NULL,
    -- a failed order's answer (status and JSON body), given again to a retry with the same key
    failure_status  INTEGER,
    failure_body    TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- a retry with the same key, from the same shopper, finds the same order
    UNIQUE (session_id, idempotency_key)
);

CREATE TABLE IF NOT EXISTS order_lines (
    order_id   UUID NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    product_id CHAR(8) NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    price      NUMERIC(10, 2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
