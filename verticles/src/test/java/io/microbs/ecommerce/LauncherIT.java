package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@code java -jar ecommerce.jar} as a new user runs it: from nothing, a subset, a typo, a clean stop and one that cannot finish. */
@ResourceLock(RunningJar.PROCESSORS)
class LauncherIT {
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void createClient() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void closeClient() {
    vertx.close().await();
  }

  @Test
  void withNothingConfiguredItStartsEmbeddedDataServersServesTheCatalogueAndStopsCleanly() throws Exception {
    int apiPort = RunningShop.freePort();
    try (RunningJar jar = RunningJar.start(Map.of(
        "API_GATEWAY_PORT", Integer.toString(apiPort),
        "WEB_GATEWAY_PORT", Integer.toString(RunningShop.freePort()),
        "MANAGEMENT_PORT", Integer.toString(RunningShop.freePort())))) {
      jar.awaitOutput("ecommerce started in", Duration.ofSeconds(90));

      JsonObject search = client.post(apiPort, "127.0.0.1", "/api/v1/product/search")
          .sendJsonObject(new JsonObject().put("query", "").put("page", new JsonObject().put("size", 6)))
          .await().bodyAsJsonObject();
      assertThat(search.getJsonArray("results")).hasSize(6);
      assertThat(search.getJsonArray("results").getJsonObject(0).getString("name")).isEqualTo("Sweet Tea");
      assertThat(jar.output())
          .contains("started embedded PostgreSQL for product-data")
          .contains("started embedded Redis for cart-data")
          .contains("started embedded Redis for session-data")
          .contains("this run's admin token is");

      assertThat(jar.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(jar.output()).contains("stopped the embedded data servers").contains("level=info msg=stopped");
    }
  }

  /**
   * A user rebuilds the jar while it runs, then presses Ctrl-C: the stop needs classes the JVM can no
   * longer load and would never finish; past its deadline the JVM says so and exits 1.
   */
  @Test
  void aStopThatCannotFinishEndsTheJvmAtItsDeadline(@TempDir Path dir) throws Exception {
    Path jarCopy = Files.copy(RunningJar.JAR, dir.resolve("ecommerce.jar"));
    try (RunningJar jar = RunningJar.start(jarCopy, RunningShop.environment("SERVICES", "api-gateway,product",
        "STOP_TIMEOUT_SECONDS", "3"))) {
      jar.awaitOutput("ecommerce started in", Duration.ofSeconds(60));
      Files.write(jarCopy, new byte[0]); // rewritten in place, as a build does

      long stopping = System.nanoTime();
      assertThat(jar.terminate(Duration.ofSeconds(20))).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
      assertThat(jar.output()).contains("the stop did not finish within 3 s; exiting without it");
    }
  }

  /**
   * A PostgreSQL that takes the connection and never answers (the kernel accepts it; nobody reads it): the start
   * cannot finish, and past its deadline the JVM says so and exits, to be started again.
   */
  @Test
  void aStartThatCannotFinishEndsTheJvmAtItsDeadline() throws Exception {
    try (ServerSocket silentPostgres = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RunningJar jar = RunningJar.start(RunningShop.environment("SERVICES", "product",
            "SERVICE_PORT_PRODUCT_DATA", Integer.toString(silentPostgres.getLocalPort()), "START_TIMEOUT_SECONDS", "1"))) {
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(jar.output()).contains("the start did not finish within 1 s; exiting").doesNotContain("ecommerce started in");
    }
  }

  @Test
  void aSubsetRunsOnlyItsServices() throws Exception {
    int apiPort = RunningShop.freePort();
    Map<String, String> env = RunningShop.environment("SERVICES", "api-gateway,product", "API_GATEWAY_PORT", Integer.toString(apiPort));
    try (RunningJar jar = RunningJar.start(env)) {
      jar.awaitOutput("ecommerce started in", Duration.ofSeconds(60));

      assertThat(client.post(apiPort, "127.0.0.1", "/api/v1/product/search").send().await().statusCode()).isEqualTo(200);
      assertThat(client.post(apiPort, "127.0.0.1", "/api/v1/cart").send().await().statusCode()).isEqualTo(503);
      assertThat(jar.output()).doesNotContain("embedded");
      assertThat(jar.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void anUnknownServiceNameStopsTheStartBeforeAnythingDeploys() throws Exception {
    try (RunningJar jar = RunningJar.start(RunningShop.environment("SERVICES", "product,shiping"))) {
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(jar.output())
          .contains("SERVICES names an unknown service 'shiping'; valid names are: all, api-gateway, web-gateway, product")
          .doesNotContain("deployed");
    }
  }

  @Test
  void aMissingDataServiceAddressOutsideTheAllInOneRunNamesTheVariable() throws Exception {
    try (RunningJar jar = RunningJar.start(Map.of("SERVICES", "product", "MANAGEMENT_PORT", Integer.toString(RunningShop.freePort())))) {
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(jar.output()).contains("SERVICE_HOST_PRODUCT_DATA is not set");
    }
  }

  @Test
  void aServiceThatCannotStartIsReportedAndTheJvmExits() throws Exception {
    int closedPort = RunningShop.freePort();
    try (RunningJar jar = RunningJar.start(RunningShop.environment("SERVICES", "product",
        "SERVICE_PORT_PRODUCT_DATA", Integer.toString(closedPort)))) {
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(jar.output()).contains("cannot start").contains("Connection refused");
    }
  }
}
