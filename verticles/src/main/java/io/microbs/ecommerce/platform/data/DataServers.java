package io.microbs.ecommerce.platform.data;

import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the shop's data servers are: product-data (PostgreSQL), cart-data and session-data (Redis).
 * An address is null when no variable names it; only the all-in-one run starts embedded servers for those.
 */
public record DataServers(PgAddress productData, RedisAddress cartData, RedisAddress sessionData) {

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String EMBEDDED_ONLY = "embedded servers are only started for the all-in-one, non-clustered run";

  /**
   * Which data servers this JVM's {@code services} (as a message names them) use, and whether embedded ones may
   * stand in for those not named.
   */
  public record Needs(String services, boolean productData, boolean cartData, boolean sessionData, boolean embeddedAllowed) {
  }

  /**
   * Reads the addresses ({@code SERVICE_*_PRODUCT_DATA}, {@code SERVICE_*_CART_DATA} or {@code CART_DATA_SENTINELS},
   * and the same for session-data); a server a service needs must be named unless embedded ones are allowed.
   */
  public static DataServers from(Variables vars, Needs needs) {
    return new DataServers(productData(vars, needs), redis(vars, "CART_DATA", needs.cartData(), needs.embeddedAllowed()),
        redis(vars, "SESSION_DATA", needs.sessionData(), needs.embeddedAllowed()));
  }

  private static PgAddress productData(Variables vars, Needs needs) {
    String host = vars.text("SERVICE_HOST_PRODUCT_DATA", "");
    if (host.isEmpty()) {
      if (needs.productData() && !needs.embeddedAllowed()) {
        throw new ConfigException("SERVICE_HOST_PRODUCT_DATA is not set: " + needs.services()
            + " need PostgreSQL (product-data); " + EMBEDDED_ONLY);
      }
      return null;
    }
    String database = vars.text("SERVICE_DATABASE_PRODUCT_DATA", "products");
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new ConfigException("SERVICE_DATABASE_PRODUCT_DATA must be a lower-case identifier, got '" + database + "'");
    }
    return new PgAddress(host, vars.port("SERVICE_PORT_PRODUCT_DATA", 5432),
        vars.text("SERVICE_USERNAME_PRODUCT_DATA", "postgres"), vars.text("SERVICE_PASSWORD_PRODUCT_DATA", ""), database);
  }

  private static RedisAddress redis(Variables vars, String name, boolean needed, boolean embeddedAllowed) {
    String sentinels = vars.text(name + "_SENTINELS", "");
    if (!sentinels.isEmpty()) {
      List<String> list = Arrays.stream(sentinels.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      for (String sentinel : list) {
        if (!sentinel.matches("[^:\\s]+:\\d{1,5}")) {
          throw new ConfigException(name + "_SENTINELS must be a comma list of host:port, got '" + sentinel + "'");
        }
      }
      return RedisAddress.sentinels(list, vars.text(name + "_MASTER_NAME", "mymaster"), redisDatabase(vars, name));
    }
    String host = vars.text("SERVICE_HOST_" + name, "");
    if (!host.isEmpty()) {
      return RedisAddress.server(host, vars.port("SERVICE_PORT_" + name, 6379), redisDatabase(vars, name));
    }
    if (needed && !embeddedAllowed) {
      throw new ConfigException("SERVICE_HOST_" + name + " (or " + name + "_SENTINELS) is not set; " + EMBEDDED_ONLY);
    }
    return null;
  }

  /** The logical database (0-15), so cart-data and session-data can share one server in development. */
  private static int redisDatabase(Variables vars, String name) {
    return vars.number("SERVICE_DATABASE_" + name, 0, 0, 15);
  }
}
