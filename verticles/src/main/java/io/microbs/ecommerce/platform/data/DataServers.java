package io.microbs.ecommerce.platform.data;

/**
 * Where the shop's data servers are: product-data (PostgreSQL), cart-data and session-data (Redis).
 * An address is null when no variable names it; only the all-in-one run starts embedded servers for those.
 */
public record DataServers(PgAddress productData, RedisAddress cartData, RedisAddress sessionData) {
}
