package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a shop in the test JVM against the machine's real PostgreSQL and Redis (127.0.0.1:5432 and
 * :6379), on free ports and in a database of its own, configured through the same environment
 * variables a user sets.
 */
public final class TestShop {
  /** Tests share one database, apart from the user's {@code products}; migrations and seeding are idempotent. */
  public static final String DATABASE = "ecommerce_test";

  private TestShop() {
  }

  /** The variables of a run against the real data services, with free ports; {@code overrides} come last (key, value, …). */
  public static Map<String, String> env(String... overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("SERVICE_HOST_PRODUCT_DATA", "127.0.0.1");
    env.put("SERVICE_PORT_PRODUCT_DATA", "5432");
    env.put("SERVICE_DATABASE_PRODUCT_DATA", DATABASE);
    env.put("SERVICE_HOST_CART_DATA", "127.0.0.1");
    env.put("SERVICE_PORT_CART_DATA", "6379");
    env.put("SERVICE_HOST_SESSION_DATA", "127.0.0.1");
    env.put("SERVICE_PORT_SESSION_DATA", "6379");
    // Both keep keys named s:<uuid>, as in the reference; on one server they need databases of their own.
    env.put("SERVICE_DATABASE_CART_DATA", "0");
    env.put("SERVICE_DATABASE_SESSION_DATA", "1");
    env.put("WEB_GATEWAY_PORT", Integer.toString(freePort()));
    env.put("API_GATEWAY_PORT", Integer.toString(freePort()));
    env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("SERVICE_BIND_HOST", "127.0.0.1");
    env.put("ADMIN_TOKEN", "test-admin-token");
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      env.put(overrides[i], overrides[i + 1]);
    }
    return env;
  }

  public static Shop start(Map<String, String> env) {
    return Shop.start(Config.from(env)).await();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
