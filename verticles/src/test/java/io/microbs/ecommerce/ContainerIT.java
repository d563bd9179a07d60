package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * The image run for real by Docker, on this machine's network ({@code --network host}: every port on
 * 127.0.0.1, never a bridge): as one container with nothing configured but its ports, and as three
 * hardened containers as the manifests run pods (read-only root, a 64 MiB {@code /tmp}, user 65534,
 * no capabilities, 512 MiB) clustered over Hazelcast, with the machine's PostgreSQL and Redis. A
 * purchase goes through each; a member killed with {@code docker kill} is answered 503 and served
 * again once restarted; {@code docker stop} (SIGTERM) ends each with exit code 0. It prints how long
 * each step took. The build puts the image into Docker with {@code mvn verify -Pdocker} (.ci/run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(600)
@ResourceLock(RunningJar.PROCESSORS)
class ContainerIT {
  private static final String IMAGE = System.getProperty("ecommerce.docker.image", "");
  /** Every container of a run carries it, so a run also removes what an interrupted one left. */
  private static final String LABEL = "io.microbs.ecommerce.test=ContainerIT";
  private static final String PREFIX = "ecommerce-container-it-" + ProcessHandle.current().pid() + "-";
  private static final String SWEET_TEA = "f95e2475";
  private static final String TEST_CARD = "4242 4242 4242 4242";
  private static final Duration START_PATIENCE = Duration.ofSeconds(180);
  /** Each call has its answer within this (the services' own timeout is 2 s), so a hang fails the test. */
  private static final int CALL_PATIENCE_MS = 10_000;
  private static final Pattern JOINED = Pattern.compile("joined the .* in (\\d+) ms");
  private static final Pattern STARTED = Pattern.compile("ecommerce started in (\\d+) ms");

  private static final List<Container> CONTAINERS = new ArrayList<>();
  private static final List<String> FIGURES = new ArrayList<>();
  private static Vertx vertx;
  private static WebClient http;
  private static Container gateways;
  private static Container catalogue;
  private static Container orders;

  @BeforeAll
  static void docker() throws Exception {
    // CI builds the image into Docker (.ci/run), so there a missing one fails the build; elsewhere the test waits for one.
    assumeTrue(!IMAGE.isBlank() || "true".equals(System.getenv("CI")),
        "the image is not in Docker: mvn verify -Pdocker builds it there (needs a running Docker)");
    assertThat(IMAGE).as("the image this build put into Docker (mvn verify -Pdocker)").isNotBlank();
    removeContainers(docker("ps", "--all", "--quiet", "--filter", "label=" + LABEL));
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void removeTheContainers() throws Exception {
    CONTAINERS.forEach(Container::stopFollowingLogs);
    removeContainers(CONTAINERS.stream().map(Container::name).toList());
    if (vertx != null) {
      vertx.close().await();
    }
    if (!FIGURES.isEmpty()) {
      System.out.println("ContainerIT figures:\n  " + String.join("\n  ", FIGURES));
    }
  }

  @Test
  @Order(1)
  void allInOneWithNothingConfiguredSellsAndStopsCleanly() throws Exception {
    Map<String, String> ports = Map.of(
        "WEB_GATEWAY_PORT", Integer.toString(RunningShop.freePort()),
        "API_GATEWAY_PORT", Integer.toString(RunningShop.freePort()),
        "MANAGEMENT_PORT", Integer.toString(RunningShop.freePort()),
        "SERVICE_BIND_HOST", "127.0.0.1");
    // The embedded PostgreSQL and Redis unpack into /tmp: about 130 MiB of it (README, "one image").
    Container shop = new Container("all-in-one", ports, List.of("--read-only", "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=256m"));

    long started = shop.run();
    FIGURES.add("all-in-one: serving " + shop.awaitStarted(started) + " ms after docker run (the JVM's own count: "
        + shop.loggedMillis(STARTED) + " ms), embedded PostgreSQL and Redis included");

    buysSweetTea("all-in-one", Integer.parseInt(ports.get("WEB_GATEWAY_PORT")));
    assertThat(shop.stop()).as("exit code after docker stop").isZero();
  }

  @Test
  @Order(2)
  void threeHardenedContainersJoinAndSell() throws Exception {
    List<Integer> clusterPorts = List.of(RunningShop.freePort(), RunningShop.freePort(), RunningShop.freePort());
    String members = clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    gateways = member("gateways", "api-gateway,web-gateway", clusterPorts.get(0), members);
    catalogue = member("catalogue", "product,content,payment", clusterPorts.get(1), members);
    orders = member("orders", "cart,checkout", clusterPorts.get(2), members);

    // All three at once, as a rollout of the manifests starts them.
    Map<Container, Long> runs = Map.of(gateways, gateways.run(), catalogue, catalogue.run(), orders, orders.run());
    for (Container member : List.of(gateways, catalogue, orders)) {
      long serving = member.awaitStarted(runs.get(member));
      FIGURES.add(member + ": serving " + serving + " ms after docker run, joined the cluster in "
          + member.loggedMillis(JOINED) + " ms");
    }

    buysSweetTea("three containers", gateways.port("WEB_GATEWAY_PORT"));
  }

  @Test
  @Order(3)
  void aKilledMemberIsAnswered503AndServedAgainOnceRestarted() throws Exception {
    assertThat(cartStatus()).as("the cart before the kill").isEqualTo(200);

    orders.kill();
    long killed = System.nanoTime();
    List<Integer> answers = new ArrayList<>();
    while (!answers.contains(503) && millisSince(killed) < 10_000) {
      answers.add(cartStatus());
    }
    assertThat(answers).as("the cart after docker kill of its container").endsWith(503).doesNotContain(200, 500);
    FIGURES.add("docker kill of orders to 503 from the gateway: " + millisSince(killed) + " ms (answers " + answers + ")");

    long restarted = orders.start();
    int status = 0;
    while (status != 200 && millisSince(restarted) < START_PATIENCE.toMillis()) {
      status = cartStatus();
      Thread.sleep(100);
    }
    assertThat(status).as("the cart after the restart of its container; it logged:%n%s", orders.log()).isEqualTo(200);
    FIGURES.add("docker start of orders to 200 from the gateway: " + millisSince(restarted) + " ms (it joined in "
        + orders.loggedMillis(JOINED) + " ms)");
    buysSweetTea("three containers, orders restarted", gateways.port("WEB_GATEWAY_PORT"));
  }

  @Test
  @Order(4)
  void dockerStopEndsEveryMemberCleanly() throws Exception {
    for (Container member : List.of(orders, catalogue, gateways)) {
      long stopping = System.nanoTime();
      assertThat(member.stop()).as("%s's exit code after docker stop; it logged:%n%s", member, member.log()).isZero();
      FIGURES.add(member + ": exit 0 " + millisSince(stopping) + " ms after docker stop (SIGTERM)");
    }
  }

  /** A hardened container as k8s/ runs a pod, clustered with the others, with the machine's data servers. */
  private static Container member(String name, String services, int clusterPort, String members) {
    Map<String, String> env = RunningShop.environment(
        "SERVICES", services,
        "CLUSTERED", "true",
        "CLUSTER_NAME", PREFIX + "cluster",
        "CLUSTER_PORT", Integer.toString(clusterPort),
        "CLUSTER_MEMBERS", members,
        "SERVICE_DATABASE_PRODUCT_DATA", "ecommerce_container_it",
        "SESSION_SECRET", "container-it-session-secret",
        "SERVICE_TIMEOUT_MS", "2000");
    return new Container(name, env, List.of("--read-only", "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=64m",
        "--user", "65534:65534", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", "512m"));
  }

  /**
   * Two Sweet Teas into a new cart and a checkout with a test card, through the web gateway as the
   * storefront does. JVMs that have just started are slow (nothing compiled yet, and here they share two
   * cores with the build): a 504, the shop's answer when a service takes longer than
   * SERVICE_TIMEOUT_MS, is asked again a few times, as a shopper would, and reported; the checkout with
   * an Idempotency-Key, so that asking again never charges twice.
   */
  private static void buysSweetTea(String shop, int webGatewayPort) {
    Browser shopper = new Browser(vertx, webGatewayPort);
    String key = "container-it-" + UUID.randomUUID();
    List<String> timeouts = new ArrayList<>();

    HttpResponse<Buffer> added = askedAgainAfterTimeouts(() -> shopper.setQuantity(SWEET_TEA, 2), "cart", timeouts);
    HttpResponse<Buffer> placed = askedAgainAfterTimeouts(() -> shopper.checkout(TEST_CARD, key), "checkout", timeouts);

    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(200);
    assertThat(placed.bodyAsJsonObject().getString("message")).isEqualTo("success");
    FIGURES.add(shop + ": bought two Sweet Teas" + (timeouts.isEmpty() ? "" : " after 504s from " + timeouts));
  }

  private static HttpResponse<Buffer> askedAgainAfterTimeouts(Supplier<HttpResponse<Buffer>> call, String what,
      List<String> timeouts) {
    HttpResponse<Buffer> response = call.get();
    for (int again = 0; again < 3 && response.statusCode() == 504; again++) {
      timeouts.add(what);
      response = call.get();
    }
    return response;
  }

  /** {@code POST /api/v1/cart} through the api gateway, which takes the session from the body. */
  private static int cartStatus() {
    return http.post(gateways.port("API_GATEWAY_PORT"), "127.0.0.1", "/api/v1/cart")
        .connectTimeout(CALL_PATIENCE_MS)
        .idleTimeout(CALL_PATIENCE_MS)
        .sendJsonObject(new JsonObject().put("session_id", "container-it.signature"))
        .await()
        .statusCode();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void removeContainers(List<String> names) throws Exception {
    if (!names.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("rm", "--force", "--volumes"));
      command.addAll(names);
      docker(command.toArray(String[]::new));
    }
  }

  /** Runs a docker command within a minute, fails on a non-zero exit, and gives its output lines (stderr apart). */
  private static List<String> docker(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(arguments));
    Path errors = Files.createTempFile("docker-", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      assertThat(process.exitValue()).as("%s: %s", command, Files.readString(errors)).isZero();
      return lines;
    } finally {
      Files.delete(errors);
    }
  }

  /** A container of the image, its log followed into a file, which can be killed, started again and stopped. */
  private static final class Container {
    private final String name;
    private final Map<String, String> env;
    private final List<String> options;
    private final Path log;
    private Process follower;

    Container(String name, Map<String, String> env, List<String> options) {
      this.name = name;
      this.env = Map.copyOf(env);
      this.options = options;
      this.log = Path.of("target", "container-logs", PREFIX + name + ".log");
      CONTAINERS.add(this);
    }

    /** {@code docker run}; gives the moment it was issued (System.nanoTime). */
    long run() throws IOException, InterruptedException {
      long issued = System.nanoTime();
      List<String> command = new ArrayList<>(List.of("run", "--detach", "--name", name(), "--label", LABEL,
          "--network", "host"));
      command.addAll(options);
      env.forEach((variable, value) -> command.addAll(List.of("--env", variable + "=" + value)));
      command.add(IMAGE);
      docker(command.toArray(String[]::new));
      follow(null);
      return issued;
    }

    /** {@code docker start} of the stopped container (a new life: a new JVM, a fresh /tmp); gives when it was issued. */
    long start() throws IOException, InterruptedException {
      long issued = System.nanoTime();
      Instant since = Instant.now();
      docker("start", name());
      follow(since);
      return issued;
    }

    /** Waits for this life's JVM to serve; gives the milliseconds since {@code issued}. */
    long awaitStarted(long issued) throws IOException, InterruptedException {
      long deadline = issued + START_PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        if (STARTED.matcher(log()).find()) {
          return millisSince(issued);
        }
        assertThat(follower.isAlive()).as("%s is running; it logged:%n%s", this, log()).isTrue();
        Thread.sleep(100);
      }
      throw new AssertionError(this + " did not start within " + START_PATIENCE + "; it logged:\n" + log());
    }

    /** A duration this life's JVM logged, in ms. */
    long loggedMillis(Pattern pattern) throws IOException {
      Matcher logged = pattern.matcher(log());
      assertThat(logged.find()).as("%s logged %s:%n%s", this, pattern, log()).isTrue();
      return Long.parseLong(logged.group(1));
    }

    /** {@code docker kill}: SIGKILL, no chance to leave the cluster. */
    void kill() throws IOException, InterruptedException {
      docker("kill", name());
      stopFollowingLogs();
    }

    /** {@code docker stop}: SIGTERM, then SIGKILL after 30 s as Kubernetes does; gives the exit code. */
    int stop() throws IOException, InterruptedException {
      docker("stop", "--time", "30", name());
      stopFollowingLogs();
      return Integer.parseInt(docker("inspect", "--format", "{{.State.ExitCode}}", name()).get(0).trim());
    }

    int port(String variable) {
      return Integer.parseInt(env.get(variable));
    }

    /** What this life of the container has logged so far. */
    String log() throws IOException {
      return Files.readString(log);
    }

    String name() {
      return PREFIX + name;
    }

    void stopFollowingLogs() {
      if (follower != null) {
        follower.destroy();
      }
    }

    /** Follows the container's log (from {@code since}, or its start) into the log file, replacing what a former life wrote. */
    private void follow(Instant since) {
      try {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("docker", "logs", "--follow"));
        if (since != null) {
          command.addAll(List.of("--since", since.toString()));
        }
        command.add(name());
        follower = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
