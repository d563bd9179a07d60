package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningJar;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The jar's stdout: logfmt, a line per request that leads to its trace, and no secrets. */
@ResourceLock(RunningJar.PROCESSORS)
class RequestLogIT {
  private static final String CARD = "4242424242424242";
  /** Distinctive, so it cannot turn up by chance in an id or a number of the output. */
  private static final String SECURITY_CODE = "cvc-never-logged";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @Test
  void everyRequestIsOneLogfmtLineWithItsTraceAndNoCardOrSecretIsEverWritten() throws Exception {
    Map<String, String> env = RunningShop.environment("SERVICES", "web-gateway,product,cart,checkout,payment",
        "SESSION_SECRET", "the-session-secret-0123456789", "ADMIN_TOKEN", "the-admin-token-0123456789");
    Vertx vertx = Vertx.vertx();
    try (RunningJar jar = RunningJar.start(env)) {
      jar.awaitOutput("ecommerce started in", Duration.ofSeconds(60));
      Browser browser = new Browser(vertx, Integer.parseInt(env.get("WEB_GATEWAY_PORT")));
      browser.setQuantity("f95e2475", 1);
      JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", new JsonObject()
          .put("number", CARD).put("security_code", SECURITY_CODE).put("name", "Ada Lovelace")));
      var placed = browser.client().post("/api/v1/checkout/process")
          .putHeader("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
          .sendJsonObject(body).await();
      assertThat(placed.statusCode()).isEqualTo(200);
      String session = browser.sessionCookie();
      assertThat(jar.terminate(Duration.ofSeconds(30))).isZero();

      String output = jar.output();
      assertThat(output.lines()).allSatisfy(line -> assertThat(line).startsWith("ts=").contains(" level="));
      assertThat(output).containsPattern("msg=\"POST /api/v1/checkout/process\" service=web-gateway ip=127\\.0\\.0\\.1 method=POST "
          + "path=/api/v1/checkout/process status=200 duration_ms=[0-9.]+ endpoint=\"POST /api/v1/checkout\" "
          + "traceID=" + TRACE_ID + " spanID=[0-9a-f]{16}");
      assertThat(output).containsPattern("msg=\"POST /process\" service=checkout method=POST path=/process status=200 "
          + "duration_ms=[0-9.]+ endpoint=\"POST /process\" traceID=" + TRACE_ID + " spanID=[0-9a-f]{16}");
      assertThat(output).containsPattern("service=payment .* traceID=" + TRACE_ID);
      assertThat(output)
          .doesNotContain(CARD).doesNotContain("4242 4242").doesNotContain(SECURITY_CODE).doesNotContain("Ada Lovelace")
          .doesNotContain("the-session-secret").doesNotContain("the-admin-token")
          .doesNotContain(session.substring(0, 36));
    } finally {
      vertx.close().await();
    }
  }
}
