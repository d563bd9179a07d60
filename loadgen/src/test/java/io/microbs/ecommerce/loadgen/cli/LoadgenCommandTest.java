package io.microbs.ecommerce.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.loadgen.TestStorefront;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(VertxExtension.class)
class LoadgenCommandTest {
  @TempDir
  Path reports;
  private Vertx vertx;
  private TestStorefront shop;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startShop(Vertx vertx) {
    this.vertx = vertx;
    shop = new TestStorefront(vertx).start().await();
  }

  @Test
  void aRunPrintsProgressAndASummaryAndWritesBothReports() throws IOException {
    int exit = loadgen(Map.of(), "--url", shop.url(), "--users", "2", "--duration", "2s", "--think-time", "0",
        "--max-error-rate", "0", "--max-p99", "5s", "--report-dir", reports.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("shopper flow against " + shop.url() + ": 2 users for 2s (closed model)")
        .containsPattern("\\[ +1s\\] 2 users \\| \\d+ iterations \\| [\\d.]+ req/s \\| 0 errors \\| p50 [\\d.]+ ms  p99 [\\d.]+ ms")
        .contains("pay: process").contains("all requests").contains("all but slow by design").contains("thresholds: passed");

    JsonObject report = new JsonObject(Files.readString(reports.resolve("report.json")));
    long iterations = report.getLong("iterations");
    long requests = report.getLong("requests");
    assertThat(iterations).isPositive();
    assertThat(report.getLong("errors")).isZero();
    assertThat(requests).isGreaterThanOrEqualTo(20 * iterations);
    JsonArray steps = report.getJsonArray("steps");
    assertThat(steps).hasSize(15);
    assertThat(steps.stream().mapToLong(step -> ((JsonObject) step).getLong("requests")).sum()).isEqualTo(requests);
    JsonArray timeline = report.getJsonArray("timeline");
    assertThat(timeline.size()).isGreaterThanOrEqualTo(2);
    assertThat(timeline.stream().mapToLong(sample -> ((JsonObject) sample).getLong("requests")).sum()).isEqualTo(requests);
    assertThat(report.getJsonObject("latency_ms").getDouble("p99")).isPositive();
    long payments = steps.stream().map(JsonObject.class::cast).filter(step -> step.getString("name").equals("pay: process"))
        .mapToLong(step -> step.getLong("requests")).sum();
    assertThat(report.getJsonObject("prompt_latency_ms").getLong("count")).isEqualTo(requests - payments);
    assertThat(report.getLong("refused")).isZero();
    assertThat(report.getJsonObject("thresholds").getBoolean("passed")).isTrue();

    String html = Files.readString(reports.resolve("report.html"));
    assertThat(html).contains("new uPlot(").contains("\"iterations\":" + iterations)
        .doesNotContain("<script src").doesNotContain("<link");
  }

  @Test
  void aWarmUpRunsFirstAndIsLeftOutOfTheNumbers() throws IOException {
    int exit = loadgen(Map.of(), "--url", shop.url(), "--flow", "search", "--users", "2", "--think-time", "0",
        "--warmup", "2s", "--duration", "1s", "--report-dir", reports.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("2 users for 1s (closed model), think time ×0, after a 2s warm-up")
        .contains("warm-up [    1s] 2 users").contains("warm-up done: measuring from now").contains("\n[    1s] 2 users");
    JsonObject report = new JsonObject(Files.readString(reports.resolve("report.json")));
    assertThat(report.getDouble("duration_seconds")).isBetween(0.9, 1.5);
    assertThat(report.getLong("requests")).isLessThan(shop.searches.get() - 1);
    assertThat(report.getJsonArray("timeline").stream().mapToLong(sample -> ((JsonObject) sample).getLong("requests")).sum())
        .isEqualTo(report.getLong("requests"));
  }

  @Test
  void aWarmUpMayRunAtALoadOfItsOwn() throws IOException {
    int exit = loadgen(Map.of(), "--url", shop.url(), "--flow", "search", "--rate", "40", "--think-time", "0",
        "--warmup", "2s", "--warmup-load", "5", "--duration", "2s", "--report-dir", reports.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("40 iterations/s for 2s (open model), think time ×0, after a 2s warm-up at 5 iterations/s");
    JsonObject report = new JsonObject(Files.readString(reports.resolve("report.json")));
    assertThat(shop.searches.get() - report.getLong("requests")).as("searches in the warm-up, at 5/s for 2 s").isBetween(6L, 14L);
    assertThat(report.getLong("requests")).as("at 40/s for 2 s").isBetween(70L, 90L);
  }

  @Test
  void refusedRequestsAreReportedApartFromErrors() throws IOException {
    shop.cartRefusalStatus = 503;
    shop.cartRetryAfter = "1";

    int exit = loadgen(Map.of(), "--url", shop.url(), "--flow", "reference", "--users", "1", "--duration", "2s",
        "--think-time", "0", "--report-dir", reports.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).containsPattern("\\| 0 errors \\| \\d+ refused \\|")
        .containsPattern("\\d+ refused \\([\\d.]+/s\\)").containsPattern("refusals +\\d+");
    JsonObject report = new JsonObject(Files.readString(reports.resolve("report.json")));
    long refused = report.getLong("refused");
    assertThat(refused).isPositive();
    assertThat(report.getLong("errors")).isZero();
    assertThat(report.getLong("refused_iterations")).isEqualTo(refused);
    assertThat(report.getJsonObject("refusal_latency_ms").getLong("count")).isEqualTo(refused);
    assertThat(report.getJsonArray("steps").getJsonObject(2).getString("name")).isEqualTo("home: cart");
    assertThat(report.getJsonArray("steps").getJsonObject(2).getLong("refused")).isEqualTo(refused);
    assertThat(report.getJsonArray("timeline").stream().mapToLong(sample -> ((JsonObject) sample).getLong("refused")).sum())
        .isEqualTo(refused);
  }

  @Test
  void numVirtualUsersSetsTheUsers() {
    int exit = loadgen(Map.of("NUM_VIRTUAL_USERS", "3"), "--url", shop.url(), "--duration", "1s", "--think-time", "0");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("3 users for 1s");
  }

  @Test
  void aMissedThresholdExitsOneAndSaysWhy() throws IOException {
    shop.documentsFail = true;

    int exit = loadgen(Map.of(), "--url", shop.url(), "--users", "1", "--duration", "1s", "--think-time", "0",
        "--max-error-rate", "0.01", "--report-dir", reports.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("THRESHOLD MISSED: error rate")
        .contains("add: details failed").contains("status 500: product-data is down");
    JsonObject thresholds = new JsonObject(Files.readString(reports.resolve("report.json"))).getJsonObject("thresholds");
    assertThat(thresholds.getBoolean("passed")).isFalse();
    assertThat(thresholds.getDouble("max_error_rate")).isEqualTo(0.01);
  }

  @Test
  void badArgumentsExitTwoWithTheReason() {
    assertThat(loadgen(Map.of(), "--users", "2", "--rate", "5")).isEqualTo(2);
    assertThat(loadgen(Map.of(), "--duration", "soon")).isEqualTo(2);
    assertThat(loadgen(Map.of(), "--stages", "10s:5", "--duration", "5s")).isEqualTo(2);
    assertThat(loadgen(Map.of(), "--url", "ftp://shop")).isEqualTo(2);
    assertThat(loadgen(Map.of(), "--rate", "5", "--warmup-load", "2")).isEqualTo(2);
    assertThat(loadgen(Map.of("NUM_VIRTUAL_USERS", "many"))).isEqualTo(2);

    assertThat(err.toString()).contains("exclude each other").contains("'soon' is not a duration")
        .contains("leave out --users, --rate and --duration").contains("not an http:// or https:// URL")
        .contains("NUM_VIRTUAL_USERS must be a whole number");
  }

  @Test
  void aShopThatNeverGetsReadyExitsThree() {
    shop.unhealthy = true;

    int exit = loadgen(Map.of(), "--url", shop.url(), "--duration", "1s", "--wait", "1s");

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("is not ready after 1s: GET /healthz answered 503");
  }

  @Test
  void itWaitsForTheShopToBeReadyBeforeItStarts() {
    shop.unhealthy = true;
    vertx.setTimer(1_500, ready -> shop.unhealthy = false);

    int exit = loadgen(Map.of(), "--url", shop.url(), "--duration", "1s", "--think-time", "0", "--max-error-rate", "0");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("waiting for " + shop.url() + " to be ready: GET /healthz answered 503");
  }

  private int loadgen(Map<String, String> env, String... args) {
    CommandLine command = LoadgenCommand.commandLine(env);
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }
}
