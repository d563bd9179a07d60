package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shop as separate JVMs started from the jar, joined over the clustered event bus on loopback:
 * the gateways in one, the catalogue in another. A member killed with {@code kill -9} is answered
 * 503/504 at once, never after a long hang; started again it is served within 15 s with no stale
 * registration of its previous life and no restart of the others; a member stopped with SIGTERM
 * finishes what it was doing and loses no request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  /** Every call gets an answer within this (the services' timeout is shorter), so a hang fails the test. */
  private static final Duration CALL_PATIENCE = Duration.ofSeconds(10);
  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final String SEARCH = "{\"query\":\"tea\",\"page\":{\"size\":3}}";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final List<ShopProcess> PROCESSES = new ArrayList<>();
  /** One Hazelcast port per JVM, all known to each from the start, as an operator would list them. */
  private static final List<Integer> CLUSTER_PORTS = List.of(TestShop.freePort(), TestShop.freePort(), TestShop.freePort());

  private static ShopProcess gateways;
  private static ShopProcess catalogue;
  private static String apiGateway;

  @BeforeAll
  static void startTheCluster() {
    String clusterName = "cluster-it-" + ProcessHandle.current().pid();
    gateways = member(clusterName, "gateways", "api-gateway");
    catalogue = member(clusterName, "catalogue", "product");
    apiGateway = "http://127.0.0.1:" + gateways.env("API_GATEWAY_PORT");
    gateways.start();
    catalogue.start();
    System.out.printf("ready: gateways in %d ms (joined in %d ms), catalogue in %d ms (joined in %d ms)%n",
        gateways.awaitReady(START_PATIENCE).toMillis(), gateways.joinMillis(),
        catalogue.awaitReady(START_PATIENCE).toMillis(), catalogue.joinMillis());
  }

  @AfterAll
  static void stopTheCluster() {
    PROCESSES.forEach(ShopProcess::close);
  }

  @Test
  @Order(1)
  void theGatewayReachesAServiceInAnotherJvm() throws Exception {
    HttpResponse<String> response = search();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"results\"");
  }

  @Test
  @Order(2)
  void aKilledMemberIsAnsweredAtOnceAndServedAgainAfterItsRestart() throws Exception {
    long gatewaysPid = gateways.pid();

    catalogue.kill();
    long killed = System.nanoTime();
    List<String> answers = new ArrayList<>();
    while (elapsed(killed).toMillis() < 4_000) {
      long asked = System.nanoTime();
      HttpResponse<String> response = search();
      Duration took = elapsed(asked);
      answers.add(response.statusCode() + " in " + took.toMillis() + " ms");
      assertThat(response.statusCode()).as("answers after kill -9: %s", answers).isIn(503, 504);
      assertThat(took).as("answers after kill -9: %s", answers).isLessThan(Duration.ofSeconds(3));
      assertThat(response.body()).startsWith("{\"message\":\"failure\"");
    }
    System.out.println("after kill -9 of the catalogue: " + answers);

    catalogue.start();
    long restarted = System.nanoTime();
    int status = 0;
    while (status != 200 && elapsed(restarted).toSeconds() < 15) {
      status = search().statusCode();
    }
    Duration recovered = elapsed(restarted);
    System.out.println("served again " + recovered.toMillis() + " ms after the restart of the catalogue (joined in "
        + catalogue.joinMillis() + " ms)");
    assertThat(status).as("a search within 15 s of the restart").isEqualTo(200);

    // A registration left over from the killed JVM would take every other request: round robin.
    for (int i = 0; i < 20; i++) {
      assertThat(search().statusCode()).as("search %d after the restart", i).isEqualTo(200);
    }
    assertThat(gateways.isAlive()).isTrue();
    assertThat(gateways.pid()).as("the gateways were not restarted").isEqualTo(gatewaysPid);
  }

  @Test
  @Order(3)
  void aMemberStoppedGracefullyLosesNoRequest() throws Exception {
    ShopProcess secondCatalogue = member(gateways.env("CLUSTER_NAME"), "catalogue-second", "product").start();
    secondCatalogue.awaitReady(START_PATIENCE);

    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      loops.add(clients.submit(() -> {
        while (running.get()) {
          String outcome;
          try {
            HttpResponse<String> response = search();
            outcome = Integer.toString(response.statusCode());
          } catch (IOException | InterruptedException e) {
            outcome = e.getClass().getSimpleName();
          }
          outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
        }
        return null;
      }));
    }
    Thread.sleep(1_000);
    int exitCode = secondCatalogue.terminate(Duration.ofSeconds(20));
    Thread.sleep(1_000);
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get();
    }
    clients.shutdown();

    Map<String, Integer> counted = outcomes.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get()));
    System.out.println("searches while a catalogue stopped gracefully: " + counted);
    assertThat(exitCode).isZero();
    assertThat(counted).containsOnlyKeys("200");
  }

  private static ShopProcess member(String clusterName, String name, String services) {
    int clusterPort = CLUSTER_PORTS.get(PROCESSES.size());
    Map<String, String> env = new HashMap<>(TestShop.env(
        "SERVICES", services,
        "CLUSTERED", "true",
        "CLUSTER_NAME", clusterName,
        "CLUSTER_PORT", Integer.toString(clusterPort),
        "SERVICE_DATABASE_PRODUCT_DATA", "ecommerce_cluster_it",
        // A call to a member that died while answering gets 504 after this, within the 3 s the shop promises.
        "SERVICE_TIMEOUT_MS", "2500"));
    env.put("CLUSTER_MEMBERS", CLUSTER_PORTS.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
    ShopProcess process = new ShopProcess(name, env);
    PROCESSES.add(process);
    return process;
  }

  private static HttpResponse<String> search() throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(apiGateway + "/api/v1/product/search"))
            .timeout(CALL_PATIENCE)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SEARCH))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }
}
