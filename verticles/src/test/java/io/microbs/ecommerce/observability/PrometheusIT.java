package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.microbs.ecommerce.Config;
import io.microbs.ecommerce.RunningJar;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The shipped rules and dashboards against a real Prometheus scraping the shop: two clustered JVMs
 * started from the jar (the gateways and the synthetics; the services), six virtual shoppers, a
 * trickle of api-gateway calls, and the gateways probed from outside their host by the blackbox
 * exporter. Prometheus scrapes every 2 s and evaluates every second, with the rules' time compressed
 * 120 times (a 1 h window becomes 30 s; nothing shorter than 10 s: {@code for: 2m} and a 5 min window
 * become 10 s), so what takes hours in production takes minutes here. Its order store starts empty. A clean run fires no alert, every rule evaluates without error, exemplars reach
 * Prometheus, and every query of every dashboard panel returns data. Then each variant in turn:
 * switched on, the alerts {@code GET /variants} says it trips fire within a bound; switched off, they
 * resolve within another. The times are written to {@code target/prometheus-it/variants.md}.
 *
 * <p>It mostly waits, so it runs beside the other integration tests rather than after them (the
 * failsafe configuration in the pom lets a class marked concurrent do so); but not its clean run,
 * which the tests that load the machine wait for, and it for them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class PrometheusIT {
  /** Rule time runs this many times faster than in production. */
  static final int COMPRESSION = 120;
  private static final Duration CLEAN_RUN = Duration.ofSeconds(90);
  private static final Duration WARM_UP = Duration.ofSeconds(30);
  /** How long a variant's alerts may take to fire, and to resolve once it is off (a page waits 2 min, 10 s here). */
  private static final Duration TO_FIRE = Duration.ofSeconds(90);
  private static final Duration TO_RESOLVE = Duration.ofMinutes(2);
  /**
   * Parameters that make a variant visible in minutes on two shared cores rather than in the hours a
   * demo runs (the variant's defaults otherwise): a higher rate, a leak and a burn that show against a
   * 384 MiB heap and the one processor the services' JVM is given, a spike a small machine survives.
   */
  private static final Map<String, String> PARAMETERS = Map.of(
      "basic-bug", "{\"burn_ms\": 600}",
      "traffic-spike", "{\"users\": 60}",
      "error-rate", "{\"rate\": 0.5}",
      "payment-declines", "{\"rate\": 0.5}",
      "cpu-burn", "{\"share\": 1}",
      "memory-leak", "{\"mib_per_minute\": 600, \"cap_mib\": 200}");
  private static final Path WORK = Path.of("target", "prometheus-it");
  private static final String DATABASE = "ecommerce_prometheus_it";
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");
  private static final Pattern RANGE_OR_OFFSET = Pattern.compile("\\[(\\d+[smhdw])]|offset (\\d+[smhdw])");
  private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for: )(\\d+[smhdw])$");
  /** An age in seconds an alert compares with: how long the oldest pending or paid order has been so. */
  private static final Pattern AGE = Pattern.compile("(oldest_seconds\\) > )(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<RunningJar> JVMS = new ArrayList<>();
  private static final List<Process> PROCESSES = new ArrayList<>();
  private static Map<String, String> gatewaysEnv;
  private static String prometheusUrl;
  private static ScheduledExecutorService apiClient;

  @BeforeAll
  static void startTheShopAndPrometheus() throws Exception {
    // CI installs both (.ci/run), so there a missing one fails the build
    assumeTrue(AlertRulesIT.onPath("prometheus") && AlertRulesIT.onPath("prometheus-blackbox-exporter")
        || "true".equals(System.getenv("CI")), "prometheus or prometheus-blackbox-exporter is not installed");
    Files.createDirectories(WORK);
    emptyTheOrderStore();
    String outside = addressOutsideLoopback().orElseThrow(() -> new AssertionError("no network address but loopback"));
    List<Integer> clusterPorts = List.of(RunningShop.freePort(), RunningShop.freePort());
    // the gateways listen everywhere, as in production, so the probe from outside sees bind-localhost's change
    gatewaysEnv = member(clusterPorts, 0, "web-gateway,api-gateway,loadgen", "SERVICE_BIND_HOST", "0.0.0.0");
    // one processor, as a container limited to one: cpu-burn's share of it shows
    Map<String, String> servicesEnv = member(clusterPorts, 1, "product,cart,checkout,payment,content",
        "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -XX:ActiveProcessorCount=1");
    JVMS.add(RunningJar.start(servicesEnv));
    JVMS.add(RunningJar.start(gatewaysEnv));
    for (RunningJar jvm : JVMS) {
      jvm.awaitOutput("ecommerce started in", Duration.ofSeconds(120));
    }
    apiClient = Executors.newSingleThreadScheduledExecutor();
    apiClient.scheduleWithFixedDelay(PrometheusIT::searchThroughTheApiGateway, 0, 1, TimeUnit.SECONDS);
    // the first minute of a JVM is slow (nothing compiled yet): an hour of production traffic precedes any alert
    Thread.sleep(WARM_UP.toMillis());

    String blackbox = "127.0.0.1:" + RunningShop.freePort();
    Path blackboxConfig = WORK.resolve("blackbox.yml");
    Files.writeString(blackboxConfig, "modules:\n  http_2xx:\n    prober: http\n    timeout: 2s\n");
    start("blackbox", "prometheus-blackbox-exporter", "--config.file=" + blackboxConfig.toAbsolutePath(),
        "--web.listen-address=" + blackbox);
    int port = RunningShop.freePort();
    prometheusUrl = "http://127.0.0.1:" + port;
    Path config = writeConfig(List.of(gatewaysEnv.get("MANAGEMENT_PORT"), servicesEnv.get("MANAGEMENT_PORT")),
        List.of("http://" + outside + ":" + gatewaysEnv.get("API_GATEWAY_PORT") + "/healthz",
            "http://" + outside + ":" + gatewaysEnv.get("WEB_GATEWAY_PORT") + "/healthz"), blackbox);
    start("prometheus", "prometheus", "--config.file=" + config.toAbsolutePath(),
        "--storage.tsdb.path=" + WORK.resolve("data-" + ProcessHandle.current().pid()).toAbsolutePath(),
        "--web.listen-address=127.0.0.1:" + port, "--enable-feature=exemplar-storage");
    awaitPrometheusReady();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (apiClient != null) {
      apiClient.shutdownNow();
      admin("DELETE", "/variants", null);
    }
    PROCESSES.forEach(Process::destroy);
    JVMS.forEach(RunningJar::close);
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @ResourceLock(RunningJar.PROCESSORS)
  @Order(1)
  void aCleanRunFiresNoAlertAndEveryRuleEvaluates() throws Exception {
    Map<String, JsonNode> fired = new HashMap<>();
    long end = System.nanoTime() + CLEAN_RUN.toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode alert : query("/api/v1/alerts", Map.of()).path("alerts")) {
        if (alert.path("state").asText().equals("firing")) {
          fired.putIfAbsent(alert.path("labels").toString(), alert);
        }
      }
      Thread.sleep(2_000);
    }

    assertThat(fired.values()).as("alerts that fired during %s of clean load (%d× compressed)", CLEAN_RUN, COMPRESSION)
        .isEmpty();
    List<String> unhealthy = new ArrayList<>();
    for (JsonNode group : query("/api/v1/rules", Map.of()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (!rule.path("health").asText().equals("ok")) {
          unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    assertThat(unhealthy).as("rules that failed to evaluate").isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(2)
  void theLatencyBucketsCarryTracesIntoPrometheus() throws Exception {
    JsonNode exemplars = query("/api/v1/query_exemplars", Map.of("query", "ecommerce_requests_seconds_bucket",
        "start", Long.toString(System.currentTimeMillis() / 1000 - 120), "end", Long.toString(System.currentTimeMillis() / 1000)));

    assertThat(exemplars).as("exemplars").isNotEmpty();
    assertThat(exemplars.get(0).path("exemplars").get(0).path("labels").path("trace_id").asText()).matches("[0-9a-f]{32}");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(3)
  void everyQueryOfEveryDashboardPanelReturnsData() throws Exception {
    List<String> empty = new ArrayList<>();
    List<String> queries = dashboardQueries("panels");
    for (String expr : queries) {
      if (query("/api/v1/query", Map.of("query", expr)).path("result").isEmpty()) {
        empty.add(expr);
      }
    }

    assertThat(queries).hasSizeGreaterThan(100);
    assertThat(empty).as("dashboard queries without data under load").isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  @Order(4)
  void everyVariantTripsItsAlertsWhileOnAndTheyResolveOnceItIsOff() throws Exception {
    List<Trip> waiting = new ArrayList<>();
    for (JsonNode variant : JSON.readTree(admin("GET", "/variants", null).body()).path("variants")) {
      String name = variant.path("name").asText();
      Set<String> expected = new TreeSet<>();
      variant.path("expected_alerts").forEach(alert -> expected.add(alert.asText()));
      assertThat(expected).as("%s names the alerts it trips", name).isNotEmpty();
      assertThat(AlertRulesIT.alertNames()).as("%s's alerts are rules", name).containsAll(expected);
      waiting.add(new Trip(name, PARAMETERS.getOrDefault(name, "{}"), expected));
    }
    // the classic Vert.x mistake: the same bug, burning on the event loop instead of a worker
    waiting.add(new Trip("basic-bug", "{\"burn_ms\": 600, \"on_event_loop\": true}", Set.of("EventLoopBlocked")));

    long sweepStart = System.nanoTime();
    List<Outcome> outcomes = sweep(waiting);
    Duration sweep = elapsed(sweepStart);

    List<String> report = new ArrayList<>(List.of("| variant | expected alerts | on → firing | off → resolved |",
        "|---|---|---|---|"));
    outcomes.forEach(outcome -> report.add(outcome.line()));
    report.add("");
    report.add("The whole sweep: " + sweep.toSeconds() + " s.");
    Files.write(WORK.resolve("variants.md"), report);
    System.out.println(String.join("\n", report));
    assertThat(outcomes.stream().filter(Outcome::failed).map(Outcome::failure).toList())
        .as("variants whose alerts did not fire within %s or resolve within %s:%n%s", TO_FIRE, TO_RESOLVE,
            String.join("\n", report))
        .isEmpty();
  }

  /**
   * Trips every variant of {@code waiting}, one at a time: switched on, until its alerts fire (at most
   * {@link #TO_FIRE}); then off, and the next one on while the last one's alerts resolve, as long as none
   * of the next one's alerts is pending or firing already (so what fires is that variant's doing); until
   * then the sweep waits. An alert that a variant trips, several others trip too, so most wait for
   * the one before to resolve; the others fill the wait.
   */
  private static List<Outcome> sweep(List<Trip> waiting) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    List<Outcome> resolving = new ArrayList<>();
    Outcome on = null;
    long lastOff = System.nanoTime();
    while (!waiting.isEmpty() || on != null || !resolving.isEmpty()) {
      Map<String, String> alerts = alertStates();
      long now = System.nanoTime();
      resolving.removeIf(outcome -> outcome.resolvedOrGivenUp(alerts, now));
      if (on != null && on.firedOrGivenUp(alerts, now)) {
        on.annotated = !query("/api/v1/query", Map.of("query", dashboardQueries("annotations").get(0))).path("result").isEmpty();
        assertThat(admin("DELETE", "/variants/" + on.trip.variant(), null).statusCode()).as(on.trip.variant()).isEqualTo(200);
        on.off = lastOff = System.nanoTime();
        resolving.add(on);
        on = null;
      }
      if (on == null && !waiting.isEmpty()) {
        boolean waitedTooLong = now - lastOff > TO_RESOLVE.toNanos();
        Trip next = waiting.stream().filter(trip -> Collections.disjoint(alerts.keySet(), trip.expected())).findFirst()
            .orElse(waitedTooLong ? waiting.get(0) : null);
        if (next != null) {
          waiting.remove(next);
          on = new Outcome(next, Collections.disjoint(alerts.keySet(), next.expected()));
          outcomes.add(on);
          assertThat(admin("PUT", "/variants/" + next.variant(), next.parameters()).statusCode()).as(next.variant()).isEqualTo(200);
          on.on = System.nanoTime();
        }
      }
      Thread.sleep(1_000);
    }
    return outcomes;
  }

  /** A variant to switch on with these parameters, and the alerts it is expected to trip. */
  private record Trip(String variant, String parameters, Set<String> expected) {}

  /** What a trip did: when each of its alerts fired, and when they had all resolved once it was off. */
  private static final class Outcome {
    final Trip trip;
    final boolean clear;
    final Map<String, Duration> fired = new HashMap<>();
    long on;
    long off;
    Duration resolved;
    boolean annotated;

    Outcome(Trip trip, boolean clear) {
      this.trip = trip;
      this.clear = clear;
    }

    boolean firedOrGivenUp(Map<String, String> alerts, long now) {
      trip.expected().stream().filter(alert -> "firing".equals(alerts.get(alert)))
          .forEach(alert -> fired.putIfAbsent(alert, Duration.ofNanos(now - on)));
      return fired.size() == trip.expected().size() || now - on > TO_FIRE.toNanos();
    }

    boolean resolvedOrGivenUp(Map<String, String> alerts, long now) {
      if (trip.expected().stream().noneMatch(alert -> "firing".equals(alerts.get(alert)))) {
        resolved = Duration.ofNanos(now - off);
        return true;
      }
      return now - off > TO_RESOLVE.toNanos();
    }

    boolean failed() {
      return !clear || fired.size() < trip.expected().size() || resolved == null || !annotated;
    }

    String failure() {
      return trip.variant() + ": fired " + fired.keySet() + " of " + trip.expected() + (clear ? "" : ", already firing before")
          + (resolved == null ? ", not resolved" : "") + (annotated ? "" : ", no annotation on the dashboards");
    }

    String line() {
      return "| `" + trip.variant() + "`" + ("{}".equals(trip.parameters()) ? "" : " `" + trip.parameters() + "`") + " | "
          + trip.expected().stream().map(alert -> "`" + alert + "`").collect(Collectors.joining(", ")) + " | "
          + trip.expected().stream().map(alert -> seconds(fired.get(alert))).collect(Collectors.joining(", ")) + " | "
          + seconds(resolved) + " |";
    }
  }

  /** The alerts pending or firing now, by name: "firing" when any of an alert's series fires. */
  private static Map<String, String> alertStates() throws Exception {
    Map<String, String> states = new HashMap<>();
    for (JsonNode alert : query("/api/v1/alerts", Map.of()).path("alerts")) {
      states.merge(alert.path("labels").path("alertname").asText(), alert.path("state").asText(),
          (one, other) -> one.equals("firing") ? one : other);
    }
    return states;
  }

  /** Every PromQL query of the shipped dashboards' {@code panels} or {@code annotations}, with Grafana's variables set. */
  private static List<String> dashboardQueries(String where) throws IOException {
    List<String> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(AlertRulesIT.OBSERVABILITY.resolve("grafana/dashboards"))) {
      for (Path file : files.sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        if (where.equals("panels")) {
          dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.get("expr").asText())));
        } else {
          dashboard.path("annotations").path("list").forEach(annotation -> {
            if (annotation.has("expr")) {
              queries.add(annotation.get("expr").asText());
            }
          });
        }
      }
    }
    return queries.stream()
        .map(expr -> expr.replace("$__rate_interval", "30s").replace("$__range", "5m").replace("$instance", ".*"))
        .toList();
  }

  /** The environment of one of the two clustered JVMs: its own ports, the other's Hazelcast port, 6 shoppers. */
  private static Map<String, String> member(List<Integer> clusterPorts, int index, String services, String... more) {
    Map<String, String> env = new HashMap<>(RunningShop.environment(
        "SERVICES", services,
        "CLUSTERED", "true",
        "CLUSTER_NAME", "prometheus-it-" + ProcessHandle.current().pid(),
        "CLUSTER_PORT", Integer.toString(clusterPorts.get(index)),
        "CLUSTER_MEMBERS", clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")),
        "SERVICE_DATABASE_PRODUCT_DATA", DATABASE,
        // its own carts and sessions too: it runs beside the other tests
        "SERVICE_DATABASE_CART_DATA", "4",
        "SERVICE_DATABASE_SESSION_DATA", "5",
        "NUM_VIRTUAL_USERS", "6",
        "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  /**
   * The shipped configuration for separate JVMs, pointed at this test's two, scraping every 2 s and
   * evaluating every second, with the gateways' probe of observability/README.md (GatewayProbeFailing).
   */
  private static Path writeConfig(List<String> managementPorts, List<String> probed, String blackbox) throws IOException {
    Path rules = WORK.resolve("rules.yml");
    Files.writeString(rules, compressedRules(Files.readString(AlertRulesIT.RULES)));
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode config = (ObjectNode) yaml.readTree(AlertRulesIT.OBSERVABILITY.resolve("prometheus/prometheus-jvms.yml").toFile());
    // every 2 s: a scrape runs the readiness checks first, and a failing one takes up to its 1 s timeout
    ((ObjectNode) config.get("global")).put("scrape_interval", "2s").put("scrape_timeout", "2s").put("evaluation_interval", "1s");
    config.putArray("rule_files").add(rules.toAbsolutePath().toString());
    ArrayNode jobs = (ArrayNode) config.get("scrape_configs");
    ArrayNode targets = ((ObjectNode) jobs.get(0)).putArray("static_configs").addObject().putArray("targets");
    managementPorts.forEach(port -> targets.add("127.0.0.1:" + port));
    ObjectNode probes = jobs.addObject().put("job_name", "ecommerce-probes").put("metrics_path", "/probe");
    probes.putObject("params").putArray("module").add("http_2xx");
    ArrayNode probeTargets = probes.putArray("static_configs").addObject().putArray("targets");
    probed.forEach(probeTargets::add);
    ArrayNode relabel = probes.putArray("relabel_configs");
    relabel.addObject().put("target_label", "__param_target").putArray("source_labels").add("__address__");
    relabel.addObject().put("target_label", "instance").putArray("source_labels").add("__param_target");
    relabel.addObject().put("target_label", "__address__").put("replacement", blackbox);
    Path file = WORK.resolve("prometheus.yml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }

  /**
   * The rules with every range, offset and {@code for} divided by {@link #COMPRESSION}, and the orders'
   * ages too, though never below 5 s: a payment takes up to a second, and a busy machine adds more.
   */
  static String compressedRules(String rules) {
    Matcher ranges = RANGE_OR_OFFSET.matcher(rules);
    String withRanges = ranges.replaceAll(match -> match.group(1) != null
        ? "[" + compressed(match.group(1)) + "]"
        : "offset " + compressed(match.group(2)));
    String withAges = AGE.matcher(withRanges)
        .replaceAll(match -> match.group(1) + Math.max(5, Long.parseLong(match.group(2)) / COMPRESSION));
    return FOR.matcher(withAges).replaceAll(match -> match.group(1) + compressed(match.group(2)));
  }

  /**
   * {@code duration} divided by {@link #COMPRESSION}, but never below 10 s: a window needs several
   * scrapes, and a shorter one would read a second's hiccup of a busy machine as a fault.
   */
  private static String compressed(String duration) {
    Matcher parts = DURATION.matcher(duration);
    assertThat(parts.matches()).as(duration).isTrue();
    long seconds = Long.parseLong(parts.group(1)) * switch (parts.group(2)) {
      case "s" -> 1;
      case "m" -> 60;
      case "h" -> 3_600;
      case "d" -> 86_400;
      default -> 604_800;
    };
    return Math.max(10, seconds / COMPRESSION) + "s";
  }

  /**
   * Drops the test's database, so the shop migrates a new one: the orders an earlier run left paid or
   * pending (nginx-failure leaves some, by design) would trip the orders' alerts in the clean run.
   */
  private static void emptyTheOrderStore() {
    Vertx vertx = Vertx.vertx();
    try {
      SqlClient admin = Config.from(RunningShop.environment()).data().productData().maintenanceClient(vertx);
      admin.query("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)").execute().eventually(admin::close).await();
    } finally {
      vertx.close().await();
    }
  }

  /** An IPv4 address of this machine that others reach it at, not loopback: where a probe from outside comes in. */
  private static Optional<String> addressOutsideLoopback() throws SocketException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (network.isUp() && !network.isLoopback()) {
        for (InetAddress address : Collections.list(network.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return Optional.of(address.getHostAddress());
          }
        }
      }
    }
    return Optional.empty();
  }

  private static void start(String name, String... command) throws IOException {
    PROCESSES.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(WORK.resolve(name + ".log").toFile()).start());
  }

  /** A tool's call through the api gateway, as curl scripts make them: its dashboard needs traffic too. */
  private static void searchThroughTheApiGateway() {
    try {
      HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewaysEnv.get("API_GATEWAY_PORT")
              + "/api/v1/product/search"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"tea\",\"page\":{\"size\":3}}"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the next one may pass; the dashboards' check says whether enough did
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A call of the admin API on the gateways' JVM; a switch there reaches the other JVM over the cluster. */
  private static HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewaysEnv.get("MANAGEMENT_PORT") + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + gatewaysEnv.get("ADMIN_TOKEN"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitPrometheusReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(PROCESSES).allSatisfy(process -> assertThat(process.isAlive()).as("prometheus and the exporter run (see %s)", WORK).isTrue());
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("prometheus not ready in 60 s: " + Files.readString(WORK.resolve("prometheus.log")));
  }

  /** Prometheus's HTTP API: the {@code data} of a successful answer. */
  static JsonNode query(String path, Map<String, String> params) throws IOException, InterruptedException {
    String query = params.entrySet().stream()
        .map(param -> param.getKey() + "=" + URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path + (query.isEmpty() ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as("%s %s: %s", path, params, response.body()).isEqualTo("success");
    return body.path("data");
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static String seconds(Duration duration) {
    return duration == null ? "—" : duration.toSeconds() + " s";
  }
}
