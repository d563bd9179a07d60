package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.microbs.ecommerce.RunningJar;
import io.microbs.ecommerce.TestShop;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The shipped rules and dashboards against a real Prometheus scraping the shop: two clustered JVMs
 * started from the jar (the gateways and the synthetics; the services), three virtual shoppers and a
 * trickle of api-gateway calls. Prometheus scrapes and evaluates every second, with the rules' time
 * compressed 30 times (a 1 h window becomes 2 min, {@code for: 2m} 4 s), so what takes hours in
 * production takes minutes here. A clean run fires no alert, every rule evaluates without error,
 * exemplars reach Prometheus, and every query of every dashboard panel returns data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class PrometheusIT {
  /** Rule time runs this many times faster than in production. */
  static final int COMPRESSION = 30;
  private static final Duration CLEAN_RUN = Duration.ofMinutes(3);
  private static final Duration WARM_UP = Duration.ofSeconds(30);
  private static final Path WORK = Path.of("target", "prometheus-it");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");
  private static final Pattern RANGE_OR_OFFSET = Pattern.compile("\\[(\\d+[smhdw])]|offset (\\d+[smhdw])");
  private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for: )(\\d+[smhdw])$");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<RunningJar> JVMS = new ArrayList<>();
  private static Map<String, String> gatewaysEnv;
  private static Process prometheus;
  private static String prometheusUrl;
  private static ScheduledExecutorService apiClient;

  @BeforeAll
  static void startTheShopAndPrometheus() throws Exception {
    // CI installs Debian's prometheus package (.ci/run), so there a missing one fails the build
    assumeTrue(AlertRulesIT.onPath("prometheus") || "true".equals(System.getenv("CI")), "prometheus is not installed");
    Files.createDirectories(WORK);
    List<Integer> clusterPorts = List.of(TestShop.freePort(), TestShop.freePort());
    gatewaysEnv = member(clusterPorts, 0, "web-gateway,api-gateway,loadgen");
    Map<String, String> servicesEnv = member(clusterPorts, 1, "product,cart,checkout,payment,content");
    JVMS.add(RunningJar.start(servicesEnv));
    JVMS.add(RunningJar.start(gatewaysEnv));
    for (RunningJar jvm : JVMS) {
      jvm.awaitOutput("ecommerce started in", Duration.ofSeconds(120));
    }
    apiClient = Executors.newSingleThreadScheduledExecutor();
    apiClient.scheduleWithFixedDelay(PrometheusIT::searchThroughTheApiGateway, 0, 1, TimeUnit.SECONDS);
    // the first minute of a JVM is slow (nothing compiled yet): an hour of production traffic precedes any alert
    Thread.sleep(WARM_UP.toMillis());

    int port = TestShop.freePort();
    prometheusUrl = "http://127.0.0.1:" + port;
    Path config = writeConfig(List.of(gatewaysEnv.get("MANAGEMENT_PORT"), servicesEnv.get("MANAGEMENT_PORT")));
    prometheus = new ProcessBuilder("prometheus", "--config.file=" + config.toAbsolutePath(),
        "--storage.tsdb.path=" + WORK.resolve("data-" + ProcessHandle.current().pid()).toAbsolutePath(),
        "--web.listen-address=127.0.0.1:" + port, "--enable-feature=exemplar-storage")
        .redirectErrorStream(true).redirectOutput(WORK.resolve("prometheus.log").toFile()).start();
    awaitPrometheusReady();
  }

  @AfterAll
  static void stopEverything() {
    if (apiClient != null) {
      apiClient.shutdownNow();
    }
    if (prometheus != null) {
      prometheus.destroy();
    }
    JVMS.forEach(RunningJar::close);
  }

  @Test
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
  @Order(2)
  void theLatencyBucketsCarryTracesIntoPrometheus() throws Exception {
    JsonNode exemplars = query("/api/v1/query_exemplars", Map.of("query", "ecommerce_requests_seconds_bucket",
        "start", Long.toString(System.currentTimeMillis() / 1000 - 120), "end", Long.toString(System.currentTimeMillis() / 1000)));

    assertThat(exemplars).as("exemplars").isNotEmpty();
    assertThat(exemplars.get(0).path("exemplars").get(0).path("labels").path("trace_id").asText()).matches("[0-9a-f]{32}");
  }

  @Test
  @Order(3)
  void everyQueryOfEveryDashboardPanelReturnsData() throws Exception {
    List<String> empty = new ArrayList<>();
    int queries = 0;
    try (Stream<Path> files = Files.list(AlertRulesIT.OBSERVABILITY.resolve("grafana/dashboards"))) {
      for (Path file : files.sorted().toList()) {
        for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            queries++;
            String expr = target.get("expr").asText()
                .replace("$__rate_interval", "30s").replace("$__range", "5m").replace("$instance", ".*");
            JsonNode result = query("/api/v1/query", Map.of("query", expr)).path("result");
            if (result.isEmpty()) {
              empty.add(file.getFileName() + " / " + panel.path("title").asText() + ": " + expr);
            }
          }
        }
      }
    }

    assertThat(queries).isGreaterThan(100);
    assertThat(empty).as("dashboard queries without data under load").isEmpty();
  }

  /** The environment of one of the two clustered JVMs: its own ports, the other's Hazelcast port, 3 shoppers. */
  private static Map<String, String> member(List<Integer> clusterPorts, int index, String services) {
    return new HashMap<>(TestShop.env(
        "SERVICES", services,
        "CLUSTERED", "true",
        "CLUSTER_NAME", "prometheus-it-" + ProcessHandle.current().pid(),
        "CLUSTER_PORT", Integer.toString(clusterPorts.get(index)),
        "CLUSTER_MEMBERS", clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")),
        "SERVICE_DATABASE_PRODUCT_DATA", "ecommerce_prometheus_it",
        "NUM_VIRTUAL_USERS", "3",
        "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"));
  }

  /** The shipped configuration for separate JVMs, pointed at this test's two, scraping and evaluating every second. */
  private static Path writeConfig(List<String> managementPorts) throws IOException {
    Path rules = WORK.resolve("rules.yml");
    Files.writeString(rules, compressedRules(Files.readString(AlertRulesIT.RULES)));
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode config = (ObjectNode) yaml.readTree(AlertRulesIT.OBSERVABILITY.resolve("prometheus/prometheus-jvms.yml").toFile());
    ((ObjectNode) config.get("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
    config.putArray("rule_files").add(rules.toAbsolutePath().toString());
    ObjectNode job = (ObjectNode) config.get("scrape_configs").get(0);
    ArrayNode targets = job.putArray("static_configs").addObject().putArray("targets");
    managementPorts.forEach(port -> targets.add("127.0.0.1:" + port));
    Path file = WORK.resolve("prometheus.yml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }

  /** The rules with every range, offset and {@code for} divided by {@link #COMPRESSION}. */
  static String compressedRules(String rules) {
    Matcher ranges = RANGE_OR_OFFSET.matcher(rules);
    String withRanges = ranges.replaceAll(match -> match.group(1) != null
        ? "[" + compressed(match.group(1)) + "]"
        : "offset " + compressed(match.group(2)));
    return FOR.matcher(withRanges).replaceAll(match -> match.group(1) + compressed(match.group(2)));
  }

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
    return Math.max(1, seconds / COMPRESSION) + "s";
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

  private static void awaitPrometheusReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(prometheus.isAlive()).as("prometheus runs: %s", Files.readString(WORK.resolve("prometheus.log"))).isTrue();
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
}
