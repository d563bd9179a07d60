package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code java -jar loadgen.jar} as a user runs it, against a whole shop started in this JVM: a few
 * seconds of the synthetics at think time 0, then the report's numbers held against what the shop
 * itself recorded.
 */
@ResourceLock(RunningJar.PROCESSORS)
class LoadgenIT {
  private static final OffsetDateTime STARTED = OffsetDateTime.now();
  private static final String DATABASE = "ecommerce_loadgen_it";
  private static final int USERS = 4;

  /** Without the shop's own synthetics, so the orders in the database are the loadgen's alone. */
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("all")
      .env("SERVICE_DATABASE_PRODUCT_DATA", DATABASE).env("NUM_VIRTUAL_USERS", "0");

  @Test
  void theSyntheticsRunCleanAgainstTheShopAndTheReportTellsTheTruth() throws Exception {
    long ordersBefore = completedOrders();
    Path reports = Files.createDirectories(Path.of("target", "loadgen-it"));
    Path output = reports.resolve("loadgen.txt");

    Process loadgen = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("loadgen.jar", "../loadgen/target/loadgen.jar"),
        "--url", "http://127.0.0.1:" + shop.config().ports().webGateway(),
        "--users", Integer.toString(USERS), "--duration", "6s", "--think-time", "0",
        "--max-error-rate", "0", "--report-dir", reports.toString()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(loadgen.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(output);

    assertThat(loadgen.exitValue()).as(printed).isZero();
    assertThat(printed).contains("[    1s] " + USERS + " users |").contains("all requests").contains("thresholds: passed");

    JsonObject report = new JsonObject(Files.readString(reports.resolve("report.json")));
    long iterations = report.getLong("iterations");
    assertThat(report.getLong("errors")).isZero();
    assertThat(iterations).isGreaterThanOrEqualTo(USERS);
    // 20 requests per visit; visits cut short by the end of the run add fewer than 20 each
    assertThat(report.getLong("requests")).isBetween(20 * iterations, 20 * (iterations + USERS));
    Map<String, JsonObject> steps = report.getJsonArray("steps").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(step -> step.getString("name"), step -> step));
    assertThat(steps).hasSize(15);
    assertThat(steps.get("home: images").getLong("requests")).isGreaterThanOrEqualTo(6 * iterations);
    // The payment service takes 0.5–1.0 s to charge a card: the checkout step's latency must show it.
    JsonObject pay = steps.get("pay: process");
    assertThat(pay.getJsonObject("latency_ms").getDouble("p50")).isBetween(500.0, 1_500.0);
    assertThat(steps.get("home: search").getJsonObject("latency_ms").getDouble("p50")).isLessThan(500.0);
    // Every payment the report counts as successful is a completed order in the database, and no more.
    assertThat(completedOrders() - ordersBefore).isEqualTo(pay.getLong("requests") - pay.getLong("errors"));
    JsonArray timeline = report.getJsonArray("timeline");
    assertThat(timeline.stream().mapToLong(sample -> ((JsonObject) sample).getLong("requests")).sum())
        .isEqualTo(report.getLong("requests"));

    assertThat(Files.readString(reports.resolve("report.html"))).contains("new uPlot(").doesNotContain("<script src");
  }

  /**
   * Completed orders placed since the shop started: older ones in the shared test database may still change (the
   * reconciler settles orders that earlier runs left without a charge record), and are none of this test's business.
   */
  private static long completedOrders() {
    return shop.productData().preparedQuery("SELECT count(*) FROM orders WHERE status = 'completed' AND created_at >= $1")
        .execute(Tuple.of(STARTED)).await().iterator().next().getLong(0);
  }
}
