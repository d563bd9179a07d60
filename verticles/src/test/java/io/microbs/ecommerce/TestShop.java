package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.data.DataServers;
import io.microbs.ecommerce.platform.data.EmbeddedDataServers;
import io.microbs.ecommerce.platform.runtime.Config;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a shop in the test JVM against real PostgreSQL and Redis servers, on free ports and in a
 * database of its own, configured through the same environment variables a user sets. The servers
 * are the machine's own at 127.0.0.1:5432 and :6379 when they run (as on CI); on a machine without
 * them, embedded ones started once for the whole test run, so {@code mvn verify} needs nothing installed.
 */
public final class TestShop {
  /** Tests share one database, apart from the user's {@code products}; migrations and seeding are idempotent. */
  public static final String DATABASE = "ecommerce_test";

  private static Map<String, String> dataServices;

  private TestShop() {
  }

  /** The variables of a run against the real data services, with free ports; {@code overrides} come last (key, value, …). */
  public static Map<String, String> env(String... overrides) {
    Map<String, String> env = new HashMap<>(dataServices());
    env.put("SERVICE_DATABASE_PRODUCT_DATA", DATABASE);
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

  /** A client of the shop's api gateway: requests name only a path. */
  public static WebClient apiClient(Vertx vertx, Shop shop) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(shop.config().ports().apiGateway()));
  }

  public static Shop start(Map<String, String> env) {
    return Shop.start(Config.from(env)).await();
  }

  /**
   * A port free now, below the ephemeral range (32768 and up on Linux): the JVMs a test starts open
   * outgoing connections all the time, and one of those could take an ephemeral port handed out
   * here before the server meant for it binds it.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 15_000 + ThreadLocalRandom.current().nextInt(15_000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between 15000 and 30000"));
  }

  private static synchronized Map<String, String> dataServices() {
    if (dataServices == null) {
      Map<String, String> env = new HashMap<>();
      Config given = Config.from(Map.of(
          "SERVICE_HOST_PRODUCT_DATA", listening(5432) ? "127.0.0.1" : "",
          "SERVICE_HOST_CART_DATA", listening(6379) ? "127.0.0.1" : "",
          "SERVICE_HOST_SESSION_DATA", listening(6379) ? "127.0.0.1" : ""));
      EmbeddedDataServers.Started started = EmbeddedDataServers.startMissing(given.data());
      Runtime.getRuntime().addShutdownHook(new Thread(started.servers()::close));
      DataServers data = started.addresses();
      env.put("SERVICE_HOST_PRODUCT_DATA", data.productData().host());
      env.put("SERVICE_PORT_PRODUCT_DATA", Integer.toString(data.productData().port()));
      env.put("SERVICE_HOST_CART_DATA", data.cartData().host());
      env.put("SERVICE_PORT_CART_DATA", Integer.toString(data.cartData().port()));
      env.put("SERVICE_HOST_SESSION_DATA", data.sessionData().host());
      env.put("SERVICE_PORT_SESSION_DATA", Integer.toString(data.sessionData().port()));
      dataServices = env;
    }
    return dataServices;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
