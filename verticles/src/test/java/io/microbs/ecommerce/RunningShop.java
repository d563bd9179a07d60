package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.data.DataServers;
import io.microbs.ecommerce.platform.data.EmbeddedDataServers;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A shop started once for a test class, in the test JVM, against real PostgreSQL and Redis servers,
 * on free ports and in a database of its own, configured through the same environment variables a
 * user sets; with a Vert.x of its own for the test's clients, so that their requests are not the
 * shop's (its traces and metrics count only what it served). Registered on a static field, it starts
 * before the class's first test and stops everything after its last, and at once when the start fails:
 * <pre>
 * {@literal @}RegisterExtension
 * static final RunningShop shop = RunningShop.with("api-gateway,product").env("SERVICE_TIMEOUT_MS", "300");
 * </pre>
 * Tests reach it through {@link #api()}, {@link #browser()}, {@link #client()} and {@link #config()}'s
 * ports, look into its data through {@link #productData()}, {@link #cartData()} and {@link #sessionData()},
 * and stand in for its services on {@link #vertx()}'s event bus.
 * <p>
 * The data servers are the machine's own at 127.0.0.1:5432 and :6379 when they run (as on CI); on a
 * machine without them, embedded ones started once for the whole test run, so {@code mvn verify}
 * needs nothing installed. {@link #environment} gives the same variables to tests that run the jar.
 */
public final class RunningShop implements BeforeAllCallback, AfterAllCallback {
  /** Tests share one database, apart from the user's {@code products}; migrations and seeding are idempotent. */
  /** The database the tests' shops keep their catalogue, orders and charges in. */
  public static final String DATABASE = "ecommerce_test";
  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

  private static Map<String, String> dataServers;

  private final Map<String, String> overrides = new HashMap<>();
  private final List<SpanProcessor> spanProcessors = new ArrayList<>();
  private Shop shop;
  private Vertx clientVertx;
  private WebClient client;
  private WebClient api;
  private Pool productData;
  private Redis cartData;
  private Redis sessionData;

  private RunningShop(String services) {
    overrides.put("SERVICES", services);
  }

  /** A shop running {@code services}, as {@code SERVICES} names them ({@code all} for the whole shop). */
  public static RunningShop with(String services) {
    return new RunningShop(services);
  }

  /** A variable of the run, set over those {@link #environment} gives. */
  public RunningShop env(String name, String value) {
    overrides.put(name, value);
    return this;
  }

  /** Every span of the shop is also exported to {@code exporter} as it ends (tests collect them in memory). */
  public RunningShop exportingSpansTo(SpanExporter exporter) {
    spanProcessors.add(SimpleSpanProcessor.create(exporter));
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try {
      Future<Shop> starting = Shop.start(Config.from(environment(overrides)), spanProcessors);
      try {
        shop = starting.await(START_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        starting.onSuccess(Shop::stop); // a start that ends after all is not left running
        throw e;
      }
      clientVertx = Vertx.vertx();
      client = WebClient.create(clientVertx);
      api = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(shop.config().ports().apiGateway()));
    } catch (Exception | Error e) {
      try {
        stop();
      } catch (Exception alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void stop() throws Exception {
    try {
      if (clientVertx != null) {
        clientVertx.close().await(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      clientVertx = null;
      client = null;
      api = null;
      productData = null;
      cartData = null;
      sessionData = null;
      if (shop != null) {
        Shop running = shop;
        shop = null;
        running.stop().await(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  public Config config() {
    return shop.config();
  }

  /** The shop's own Vert.x, where its services run: stand-ins for a service register on its event bus. */
  public Vertx vertx() {
    return shop.vertx();
  }

  /** The Vert.x for the test's clients (HTTP, Redis, SQL), closed with the shop. */
  public Vertx clientVertx() {
    return clientVertx;
  }

  /** A client with no default server: requests name the port (the management port, a gateway's). */
  public WebClient client() {
    return client;
  }

  /** A client of the api gateway: requests name only a path. */
  public WebClient api() {
    return api;
  }

  /** How many requests the web gateway has refused for {@code reason}, as {@code /metrics} counts them. */
  public long refusedByTheWebGateway(String reason) {
    String metrics = client.get(shop.config().ports().management(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    Matcher value = Pattern.compile("(?m)^ecommerce_requests_refused_total\\{reason=\"" + reason + "\",service=\"web-gateway\",?\\} (\\S+)$")
        .matcher(metrics);
    return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
  }

  /** A new visitor of the web gateway, with a cookie jar of its own. */
  public Browser browser() {
    return new Browser(clientVertx, shop.config().ports().webGateway());
  }

  /** A client of the shop's product-data database, to look at what its services keep there. */
  public Pool productData() {
    if (productData == null) {
      productData = config().data().productData().pool(clientVertx, "test", 2);
    }
    return productData;
  }

  /** A client of the shop's cart-data Redis. */
  public Redis cartData() {
    if (cartData == null) {
      cartData = Redis.createClient(clientVertx, config().data().cartData().clientOptions(1));
    }
    return cartData;
  }

  /** A client of the shop's session-data Redis. */
  public Redis sessionData() {
    if (sessionData == null) {
      sessionData = Redis.createClient(clientVertx, config().data().sessionData().clientOptions(1));
    }
    return sessionData;
  }

  /**
   * The variables of a run against the real data servers, with free ports (for a shop in this JVM
   * or a jar a test starts); {@code overrides} come last.
   */
  public static Map<String, String> environment(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(dataServers());
    env.put("SERVICE_DATABASE_PRODUCT_DATA", DATABASE);
    // Both keep keys named s:<uuid>, as in the reference; on one server they need databases of their own.
    env.put("SERVICE_DATABASE_CART_DATA", "0");
    env.put("SERVICE_DATABASE_SESSION_DATA", "1");
    env.put("WEB_GATEWAY_PORT", Integer.toString(freePort()));
    env.put("API_GATEWAY_PORT", Integer.toString(freePort()));
    env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("SERVICE_BIND_HOST", "127.0.0.1");
    env.put("ADMIN_TOKEN", "test-admin-token");
    env.putAll(overrides);
    return env;
  }

  /** The same, with the overrides given as key, value, …. */
  public static Map<String, String> environment(String... overrides) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      given.put(overrides[i], overrides[i + 1]);
    }
    return environment(given);
  }

  /**
   * A port free now, below the ephemeral range (32768 and up on Linux): the JVMs a test starts open
   * outgoing connections all the time, and one of those could take an ephemeral port handed out
   * here before the server meant for it binds it.
   */
  /**
   * Starts a shop outside the extension's life cycle, for a test that must prepare something first
   * (a private database server) or restarts the shop; the caller stops it.
   */
  public static Shop start(Map<String, String> env) {
    return Shop.start(Config.from(env)).await();
  }

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

  /** The data servers' variables: the machine's own where they answer, else embedded ones kept for the whole run. */
  private static synchronized Map<String, String> dataServers() {
    if (dataServers == null) {
      Config given = Config.from(Map.of(
          "SERVICE_HOST_PRODUCT_DATA", listening(5432) ? "127.0.0.1" : "",
          "SERVICE_HOST_CART_DATA", listening(6379) ? "127.0.0.1" : "",
          "SERVICE_HOST_SESSION_DATA", listening(6379) ? "127.0.0.1" : ""));
      EmbeddedDataServers.Started started = EmbeddedDataServers.startMissing(given.data());
      Runtime.getRuntime().addShutdownHook(new Thread(started.servers()::close));
      DataServers data = started.addresses();
      dataServers = Map.of(
          "SERVICE_HOST_PRODUCT_DATA", data.productData().host(),
          "SERVICE_PORT_PRODUCT_DATA", Integer.toString(data.productData().port()),
          "SERVICE_HOST_CART_DATA", data.cartData().host(),
          "SERVICE_PORT_CART_DATA", Integer.toString(data.cartData().port()),
          "SERVICE_HOST_SESSION_DATA", data.sessionData().host(),
          "SERVICE_PORT_SESSION_DATA", Integer.toString(data.sessionData().port()));
    }
    return dataServers;
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
