package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The shop as separate JVMs started from the jar, joined over the clustered event bus on loopback:
 * the gateways in one, the catalogue, content and payment in a second, cart and checkout in a third. A
 * purchase crosses all three. A member killed with {@code kill -9} is answered 503/504 at once, never
 * after a long hang; started again it is served within 15 s, with no stale registration of its
 * previous life and no restart of the others. A member stopped with SIGTERM finishes what it was
 * doing: no request is lost. A variant switched on any member acts on the others within a second,
 * a member that starts later picks up what is on, and an isolated member's services go unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
@ResourceLock(RunningJar.PROCESSORS)
class ClusterIT {
  private static final String GATEWAYS = "api-gateway,web-gateway";
  private static final String CATALOGUE = "product,content,payment";
  private static final String ORDERS = "cart,checkout";
  private static final String SWEET_TEA = "f95e2475";
  private static final String TEST_CARD = "4242 4242 4242 4242";
  /** Every call gets an answer within this (the services' timeout is shorter), so a hang fails the test. */
  private static final Duration CALL_PATIENCE = Duration.ofSeconds(10);
  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final Duration LOG_LINE_PATIENCE = Duration.ofSeconds(5);

  // HTTP/1.1 as the shop speaks it: no h2c upgrade attempts on the side.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final List<Member> MEMBERS = new ArrayList<>();
  /** One Hazelcast port per JVM, all known to each from the start, as an operator would list them. */
  private static final List<Integer> CLUSTER_PORTS = List.of(RunningShop.freePort(), RunningShop.freePort(),
      RunningShop.freePort(), RunningShop.freePort());
  private static final String CLUSTER_NAME = "cluster-it-" + ProcessHandle.current().pid();

  private static Member gateways;
  private static Member catalogue;
  private static Member orders;
  private static Vertx vertx;

  @BeforeAll
  static void startTheCluster() throws InterruptedException {
    gateways = member("gateways", GATEWAYS).start();
    catalogue = member("catalogue", CATALOGUE).start();
    orders = member("orders", ORDERS).start();
    for (Member member : List.of(gateways, catalogue, orders)) {
      Duration ready = member.awaitReady(START_PATIENCE);
      System.out.printf("%s ready in %d ms, joined the cluster in %d ms%n", member, ready.toMillis(), member.joinMillis());
    }
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopTheCluster() {
    MEMBERS.forEach(Member::close);
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @Order(1)
  void aPurchaseCrossesAllThreeJvms() throws InterruptedException {
    Browser shopper = new Browser(vertx, webGatewayPort());
    assertThat(shopper.setQuantity(SWEET_TEA, 2).statusCode()).isEqualTo(200);

    String traceId = "c1a55e5c1a55e5c1a55e5c1a55e5c1a5";
    io.vertx.ext.web.client.HttpResponse<Buffer> placed =
        shopper.checkout(TEST_CARD, null, "00-" + traceId + "-00f067aa0ba902b7-01");

    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(200);
    JsonObject order = shopper.get("/api/v1/checkout/orders/" + placed.bodyAsJsonObject().getString("order_id"))
        .bodyAsJsonObject();
    assertThat(order.getString("status")).isEqualTo("completed");
    assertThat(order.getDouble("total")).isEqualTo(7.0);
    assertThat(shopper.cart()).isEmpty();
    // one trace across the three JVMs: each logs its part of the purchase under the caller's trace id
    gateways.awaitLogged("service=web-gateway .*path=/api/v1/checkout/process .*traceID=" + traceId);
    orders.awaitLogged("service=checkout .*path=/process .*traceID=" + traceId);
    orders.awaitLogged("service=cart .*traceID=" + traceId);
    catalogue.awaitLogged("service=payment .*path=/process .*traceID=" + traceId);
    catalogue.awaitLogged("service=product .*path=/documents .*traceID=" + traceId);
  }

  @Test
  @Order(2)
  void aKilledMemberIsAnsweredAtOnceAndServedAgainAfterItsRestart() throws Exception {
    long othersBefore = gateways.pid() + catalogue.pid();

    orders.kill();
    long killed = System.nanoTime();
    List<String> answers = new ArrayList<>();
    while (elapsed(killed).toMillis() < 4_000) {
      long asked = System.nanoTime();
      HttpResponse<String> cart = api("POST", "/api/v1/cart", "{\"session_id\":\"cluster-it.signature\"}");
      Duration took = elapsed(asked);
      answers.add(cart.statusCode() + " after " + elapsed(killed).toMillis() + " ms (took " + took.toMillis() + " ms)");
      assertThat(cart.statusCode()).as("cart after kill -9: %s", answers).isIn(503, 504);
      assertThat(took).as("cart after kill -9: %s", answers).isLessThan(Duration.ofSeconds(3));
      assertThat(cart.body()).startsWith("{\"message\":\"failure\"");
    }
    System.out.println("cart after kill -9 of the orders JVM: " + answers.subList(0, Math.min(5, answers.size()))
        + " ... " + answers.size() + " answers in 4 s");
    assertThat(search().statusCode()).as("the catalogue does not need the orders JVM").isEqualTo(200);

    orders.start();
    long restarted = System.nanoTime();
    int status = 0;
    while (status != 200 && elapsed(restarted).toSeconds() < 15) {
      status = api("POST", "/api/v1/cart", "{\"session_id\":\"cluster-it.signature\"}").statusCode();
    }
    Duration recovered = elapsed(restarted);
    assertThat(status).as("the cart within 15 s of the restart; the orders JVM logged:%n%s", orders.output())
        .isEqualTo(200);
    System.out.println("cart served again " + recovered.toMillis() + " ms after the restart of the orders JVM "
        + "(which joined the cluster in " + orders.joinMillis() + " ms)");

    // A registration left over from the killed JVM would take every other request: round robin.
    for (int i = 0; i < 20; i++) {
      assertThat(api("POST", "/api/v1/cart", "{\"session_id\":\"cluster-it.signature\"}").statusCode())
          .as("cart call %d after the restart", i).isEqualTo(200);
    }
    aPurchaseCrossesAllThreeJvms();
    assertThat(gateways.isAlive() && catalogue.isAlive()).isTrue();
    assertThat(gateways.pid() + catalogue.pid()).as("the others were not restarted").isEqualTo(othersBefore);
  }

  @Test
  @Order(3)
  void aSecondCatalogueSharesTheSearchesAndLeavesWithoutLosingOne() throws Exception {
    Member secondCatalogue = member("catalogue-second", CATALOGUE).start();
    secondCatalogue.awaitReady(START_PATIENCE);

    Map<String, Integer> outcomes = underLoad(() -> {
      Thread.sleep(1_000);
      assertThat(searchesServed(catalogue)).as("searches the first catalogue served").isPositive();
      assertThat(searchesServed(secondCatalogue)).as("searches the second catalogue served").isPositive();
      assertThat(secondCatalogue.terminate(Duration.ofSeconds(20))).as("exit code").isZero();
      Thread.sleep(1_000);
      return null;
    }, () -> Integer.toString(search().statusCode()));

    System.out.println("searches while a second catalogue JVM joined, shared them and stopped gracefully: " + outcomes);
    assertThat(outcomes).containsOnlyKeys("200");
  }

  @Test
  @Order(4)
  void theOnlyOrdersJvmFinishesThePurchasesInFlightWhenStopped() throws Exception {
    ExecutorService shoppers = Executors.newFixedThreadPool(4);
    List<Future<Integer>> purchases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Browser shopper = new Browser(vertx, webGatewayPort());
      shopper.setQuantity(SWEET_TEA, 1);
      purchases.add(shoppers.submit(() -> shopper.checkout(TEST_CARD, null).statusCode()));
    }
    // Payment takes 0.5-1 s: the purchases are in flight, between the charge and clearing the cart.
    Thread.sleep(300);
    long stopping = System.nanoTime();
    assertThat(orders.terminate(Duration.ofSeconds(20))).as("exit code").isZero();
    System.out.println("the orders JVM stopped " + elapsed(stopping).toMillis() + " ms after SIGTERM");

    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> purchase : purchases) {
      statuses.add(purchase.get());
    }
    shoppers.shutdown();
    assertThat(statuses).as("purchases in flight during SIGTERM").containsOnly(200);
  }

  @Test
  @Order(5)
  void aVariantSwitchedOnOneMemberActsOnAnotherWithinASecond() throws Exception {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long asked = System.nanoTime();
      // switched on the gateways' member; product, in the catalogue's member, fails its searches
      assertThat(admin(gateways, "PUT", "/variants/error-rate", "{\"rate\":1,\"route\":\"/search\"}").statusCode()).isEqualTo(200);
      while (search().statusCode() != 500) {
        assertThat(elapsed(asked)).as("error-rate in force on the catalogue's member").isLessThan(Duration.ofSeconds(1));
      }
      latencies.add(elapsed(asked).toMillis());
      for (Member member : List.of(gateways, catalogue)) {
        assertThat(metrics(member)).as("%s's gauge", member)
            .contains("ecommerce_variant_active{service=\"product\",variant=\"error-rate\"} 1.0");
      }
      assertThat(admin(catalogue, "DELETE", "/variants/error-rate", "").statusCode()).isEqualTo(200);
      long off = System.nanoTime();
      while (search().statusCode() != 200) {
        assertThat(elapsed(off)).as("error-rate off on the catalogue's member").isLessThan(Duration.ofSeconds(1));
      }
      latencies.add(elapsed(off).toMillis());
    }
    System.out.println("switch to effect across the cluster (PUT/DELETE on one member to the first answer served by "
        + "another), ms: " + latencies);
    catalogue.awaitLogged("variant=error-rate state=on");
    catalogue.awaitLogged("variant=error-rate state=off");
    JsonObject described = new JsonObject(admin(catalogue, "GET", "/variants", "").body());
    assertThat(described.getJsonArray("members").stream().map(member -> ((JsonObject) member).getJsonArray("services")))
        .as("each member's view").anySatisfy(services -> assertThat(services).contains("api-gateway"))
        .anySatisfy(services -> assertThat(services).contains("product"));
  }

  @Test
  @Order(6)
  void aMemberThatStartsLaterPicksUpWhatIsOn() throws Exception {
    // the orders member was stopped by the test before: its variant is switched on without it
    assertThat(admin(gateways, "PUT", "/variants/cart-data-unavailable", "").statusCode()).isEqualTo(200);
    orders.start();
    orders.awaitReady(START_PATIENCE);
    HttpResponse<String> cart = api("POST", "/api/v1/cart", "{\"session_id\":\"cluster-it.signature\"}");
    assertThat(cart.statusCode()).as(cart.body()).isEqualTo(503);
    assertThat(cart.body()).contains("cart-data is unavailable");
    orders.awaitLogged("variant=cart-data-unavailable state=on");

    assertThat(admin(catalogue, "DELETE", "/variants", "").statusCode()).isEqualTo(200);
    long off = System.nanoTime();
    while (api("POST", "/api/v1/cart", "{\"session_id\":\"cluster-it.signature\"}").statusCode() != 200) {
      assertThat(elapsed(off)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  @Order(7)
  void anIsolatedMembersServicesAreUnreachableFromTheOthersUntilItRejoins() throws Exception {
    assertThat(admin(orders, "PUT", "/variants/member-isolated", "{\"service\":\"product\"}").statusCode()).isEqualTo(200);
    long isolated = System.nanoTime();
    int status = 200;
    while (status == 200 && elapsed(isolated).toSeconds() < 5) {
      status = search().statusCode();
    }
    System.out.println("search answered " + status + " " + elapsed(isolated).toMillis() + " ms after the catalogue's isolation");
    assertThat(status).isIn(503, 504);
    catalogue.awaitLogged("isolated from the cluster");

    assertThat(admin(gateways, "DELETE", "/variants/member-isolated", "").statusCode()).isEqualTo(200);
    long rejoined = System.nanoTime();
    while (search().statusCode() != 200) {
      assertThat(elapsed(rejoined)).as("the catalogue routed to again").isLessThan(Duration.ofSeconds(5));
    }
    System.out.println("search served again " + elapsed(rejoined).toMillis() + " ms after the isolation ended");
  }

  /** A call to the admin API of {@code member}'s management port. */
  private static HttpResponse<String> admin(Member member, String method, String path, String json)
      throws IOException, InterruptedException {
    return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + member.env("MANAGEMENT_PORT") + path))
        .timeout(CALL_PATIENCE)
        .header("Authorization", "Bearer " + member.env("ADMIN_TOKEN"))
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  private static String metrics(Member member) throws IOException, InterruptedException {
    return exchange(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + member.env("MANAGEMENT_PORT") + "/metrics")).timeout(CALL_PATIENCE).build()).body();
  }

  /** Runs {@code action} while four clients call {@code call} in a loop; returns how often each outcome came. */
  private static Map<String, Integer> underLoad(Callable<Void> action, Callable<String> call) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      loops.add(clients.submit(() -> {
        while (running.get()) {
          String outcome;
          try {
            outcome = call.call();
          } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
          }
          outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
        }
        return null;
      }));
    }
    try {
      action.call();
    } finally {
      running.set(false);
      for (Future<?> loop : loops) {
        loop.get();
      }
      clients.shutdown();
    }
    return outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get()));
  }

  private static Member member(String name, String services) {
    Map<String, String> env = new HashMap<>(RunningShop.environment(
        "SERVICES", services,
        "CLUSTERED", "true",
        "CLUSTER_NAME", CLUSTER_NAME,
        "CLUSTER_PORT", Integer.toString(CLUSTER_PORTS.get(MEMBERS.size())),
        "CLUSTER_MEMBERS", CLUSTER_PORTS.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")),
        "SERVICE_DATABASE_PRODUCT_DATA", "ecommerce_cluster_it",
        // A call to a member that died while answering gets 504 after this, within the 3 s the shop promises.
        "SERVICE_TIMEOUT_MS", "2000",
        // The C1 compiler only and a frugal collector: five JVMs share the machine's two cores with the test.
        "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    Member member = new Member(name, env);
    MEMBERS.add(member);
    return member;
  }

  /** How many searches the member's product service has answered, from its Prometheus metrics. */
  private static double searchesServed(Member member) throws IOException, InterruptedException {
    return metrics(member).lines()
        .filter(line -> line.startsWith("ecommerce_requests_seconds_count{") && line.contains("service=\"product\"")
            && line.contains("route=\"/search\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static int webGatewayPort() {
    return Integer.parseInt(gateways.env("WEB_GATEWAY_PORT"));
  }

  private static HttpResponse<String> search() throws IOException, InterruptedException {
    return api("POST", "/api/v1/product/search", "{\"query\":\"tea\",\"page\":{\"size\":3}}");
  }

  /** A call through the api gateway, which takes {@code session_id} from the body. */
  private static HttpResponse<String> api(String method, String path, String json) throws IOException, InterruptedException {
    return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateways.env("API_GATEWAY_PORT") + path))
        .timeout(CALL_PATIENCE)
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  /** One request and its whole answer, body included, within {@link #CALL_PATIENCE}; a stall is an IOException. */
  private static HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
    try {
      return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .get(CALL_PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new java.net.http.HttpTimeoutException("no whole answer within " + CALL_PATIENCE + " to " + request.uri());
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /**
   * A JVM of the cluster: the jar started with its member's environment, which can be killed, stopped
   * and started again in its place.
   */
  private static final class Member implements AutoCloseable {
    private static final Pattern JOINED = Pattern.compile("joined the .* in (\\d+) ms");

    private final String name;
    private final Map<String, String> env;
    private RunningJar jar;

    Member(String name, Map<String, String> env) {
      this.name = name;
      this.env = Map.copyOf(env);
    }

    Member start() {
      jar = RunningJar.start(env);
      return this;
    }

    /** Waits until the JVM serves (it logs so once its services are deployed); returns how long that took. */
    Duration awaitReady(Duration patience) throws InterruptedException {
      long started = System.nanoTime();
      jar.awaitOutput("ecommerce started in", patience);
      return elapsed(started);
    }

    /** How long joining the cluster took, as the JVM logged it. */
    long joinMillis() {
      Matcher joined = JOINED.matcher(jar.output());
      assertThat(joined.find()).as("%s logged its join:%n%s", name, jar.output()).isTrue();
      return Long.parseLong(joined.group(1));
    }

    /** {@code kill -9}: the JVM gets no chance to leave the cluster. */
    void kill() throws InterruptedException {
      jar.close();
      jar.awaitExit(Duration.ofSeconds(10));
    }

    /** {@code SIGTERM}: returns the exit code of the graceful stop. */
    int terminate(Duration patience) throws InterruptedException {
      return jar.terminate(patience);
    }

    boolean isAlive() {
      return ProcessHandle.of(jar.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    long pid() {
      return jar.pid();
    }

    String env(String variable) {
      return env.get(variable);
    }

    String output() {
      return jar.output();
    }

    /** Waits (briefly: the line is written a moment after what it tells) for a line matching {@code regex}. */
    void awaitLogged(String regex) throws InterruptedException {
      jar.awaitOutput(Pattern.compile(regex), LOG_LINE_PATIENCE);
    }

    @Override
    public void close() {
      if (jar != null) {
        jar.close();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
