-- The reference's table (microbs product-data init.sh), with the id as primary key.
CREATE TABLE IF NOT EXISTS products (
    id          CHAR(8) PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    category    VARCHAR(255),
    price       FLOAT NOT NULL,
    rating      FLOAT,
    reviews     INTEGER,
    filename    VARCHAR(255),
    description TEXT,
    alcoholic   VARCHAR(255),
    temperature VARCHAR(255),
    type        VARCHAR(255)
);

-- Every catalogue query orders by this.
CREATE INDEX IF NOT EXISTS products_by_ranking ON products (rating DESC, reviews DESC, id);
