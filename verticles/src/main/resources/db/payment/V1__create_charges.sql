-- Payment's record of its charges, one row per transaction id: a transaction is charged at most once, and checkout
-- settles its orders against this record. A void that arrives before its charge is kept, and the charge is then refused.
CREATE TABLE IF NOT EXISTS charges (
    transaction_id VARCHAR(100) PRIMARY KEY,
    status         VARCHAR(16) NOT NULL CHECK (status IN ('charged', 'voided')),
    -- null when the void came first and nothing was charged
    amount         NUMERIC(10, 2),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
