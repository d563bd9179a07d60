package io.microbs.ecommerce.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loadgen deployed as a service of the shop: steered through the admin API, its traffic traced as synthetic. */
class LoadgenServiceTest {
  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();

  /** With an idle loadgen: its users start through the admin API. */
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,product,cart,checkout,payment,content,loadgen")
      .env("NUM_VIRTUAL_USERS", "0").exportingSpansTo(exported);

  private HttpResponse<Buffer> admin(String method, String path, JsonObject body, String token) {
    var request = shop.client().request(io.vertx.core.http.HttpMethod.valueOf(method), shop.config().ports().management(), "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  @Test
  void usersStartedThroughTheAdminApiShopWithoutErrorsAndTheirTracesSaySynthetic() throws Exception {
    assertThat(admin("GET", "/loadgen", null, null).statusCode()).isEqualTo(401);
    assertThat(admin("GET", "/loadgen", null, "wrong").statusCode()).isEqualTo(401);
    assertThat(shop.client().get(shop.config().ports().webGateway(), "127.0.0.1", "/api/v1/loadgen").send().await().statusCode())
        .isEqualTo(404);

    HttpResponse<Buffer> started = admin("POST", "/loadgen/start", new JsonObject().put("users", 2).put("think_time", 0), "test-admin-token");
    // a whole visit includes the payment's 0.5-1 s and, in a fresh JVM, cold code: wait for the first, at most 20 s
    JsonObject status = admin("GET", "/loadgen", null, "test-admin-token").bodyAsJsonObject();
    for (long deadline = System.nanoTime() + 20_000_000_000L;
        status.getJsonObject("report", new JsonObject()).getLong("iterations", 0L) == 0 && System.nanoTime() < deadline; ) {
      Thread.sleep(250);
      status = admin("GET", "/loadgen", null, "test-admin-token").bodyAsJsonObject();
    }
    admin("POST", "/loadgen/stop", null, "test-admin-token");

    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    assertThat(status.getInteger("users")).isEqualTo(2);
    assertThat(status.getJsonObject("report").getLong("iterations")).isPositive();
    assertThat(status.getJsonObject("report").getLong("errors")).isZero();
    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).anySatisfy(span -> {
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("loadgen");
      assertThat(span.getAttributes().get(AttributeKey.booleanKey("synthetic_request"))).isTrue();
    });
    assertThat(spans).anySatisfy(span -> {
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
      assertThat(span.getAttributes().get(AttributeKey.booleanKey("synthetic_request"))).isTrue();
    });
  }

  @Test
  void theTrafficSpikeVariantRaisesTheLoadAndGivesBackThePreviousOne() throws Exception {
    admin("POST", "/loadgen/start", new JsonObject().put("users", 1), "test-admin-token");
    HttpResponse<Buffer> on = admin("PUT", "/variants/traffic-spike", new JsonObject().put("users", 6), "test-admin-token");
    assertThat(on.statusCode()).as(on.bodyAsString()).isEqualTo(200);
    JsonObject spiking = awaitLoadgen(status -> status.getBoolean("traffic_spike") && status.getInteger("users") == 6);
    admin("DELETE", "/variants/traffic-spike", null, "test-admin-token");
    JsonObject calm = awaitLoadgen(status -> !status.getBoolean("traffic_spike"));
    admin("POST", "/loadgen/stop", null, "test-admin-token");

    assertThat(spiking.getString("model")).isEqualTo("closed");
    assertThat(calm.getInteger("users")).isEqualTo(1);
  }

  private JsonObject awaitLoadgen(java.util.function.Predicate<JsonObject> condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject status = admin("GET", "/loadgen", null, "test-admin-token").bodyAsJsonObject();
    while (!condition.test(status) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = admin("GET", "/loadgen", null, "test-admin-token").bodyAsJsonObject();
    }
    assertThat(condition.test(status)).as("loadgen status %s", status).isTrue();
    return status;
  }
}
