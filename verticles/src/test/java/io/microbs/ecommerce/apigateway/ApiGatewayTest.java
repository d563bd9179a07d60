package io.microbs.ecommerce.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The api gateway's routing rules. Services it talks to are stood in for by test consumers
 * registered at their event-bus addresses, so the gateway is tested exactly as it runs.
 */
class ApiGatewayTest {
  private static final int TIMEOUT_MILLIS = 300;

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("api-gateway,product")
      .env("SERVICE_TIMEOUT_MS", Integer.toString(TIMEOUT_MILLIS));

  private MessageConsumer<?> standIn;

  @AfterEach
  void removeStandIn() {
    if (standIn != null) {
      standIn.unregister().await();
      standIn = null;
    }
  }

  @Test
  void healthzAnswersHealthy() {
    HttpResponse<Buffer> response = shop.api().get("/healthz").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("healthy", true));
  }

  @Test
  void onLinuxTheShopRunsOnNettysEpollTransportNotNio() {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");

    assertThat(shop.vertx().isNativeTransportEnabled()).isTrue();
  }

  @Test
  void rootShowsTheGatewaySettingsWithoutSecrets() {
    HttpResponse<Buffer> response = shop.api().get("/").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("SERVICE_NAME")).isEqualTo("api-gateway");
    assertThat(response.bodyAsString()).doesNotContain("test-admin-token");
  }

  @Test
  void aServiceWithoutAPathGetsItsRoot() {
    HttpResponse<Buffer> response = shop.api().get("/api/v1/product").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("SERVICE_NAME")).isEqualTo("product");
  }

  @Test
  void unknownServiceIs404() {
    for (String name : Set.of("nope", "api-gateway", "web-gateway")) {
      HttpResponse<Buffer> response = shop.api().get("/api/v1/" + name + "/anything").send().await();

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
          .put("message", "failure").put("error", "unknown service '" + name + "'"));
    }
  }

  @Test
  void unknownGatewayRouteIs404Json() {
    HttpResponse<Buffer> response = shop.api().get("/elsewhere").send().await();

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("failure");
  }

  @Test
  void aKnownServiceThatIsNotRunningIs503() {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = shop.api().post("/api/v1/cart").sendJsonObject(new JsonObject()).await();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("cart is not available");
    assertThat(elapsedMillis(started)).isLessThan(TIMEOUT_MILLIS);
  }

  @Test
  void aServiceThatDoesNotAnswerInTimeIs504Quickly() {
    standIn = shop.vertx().eventBus().consumer(Service.PAYMENT.address(), message -> {
      // never replies
    });
    standIn.completion().await();

    long started = System.nanoTime();
    HttpResponse<Buffer> response = shop.api().post("/api/v1/payment/process").sendJsonObject(new JsonObject()).await();

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("payment did not answer within 300 ms");
    assertThat(elapsedMillis(started)).isBetween((long) TIMEOUT_MILLIS, 2_000L);
  }

  @Test
  void methodPathQueryHeadersAndBodyReachTheServiceAndItsAnswerComesBackUnchanged() {
    Promise<JsonObject> seen = Promise.promise();
    standIn = echoService(seen);

    HttpResponse<Buffer> response = shop.api().put("/api/v1/payment/cards/4242?verbose=true&x=%20y")
        .putHeader("content-type", "application/json")
        .putHeader("idempotency-key", "key-1")
        .putHeader("cookie", "session_id=secret")
        .sendBuffer(Buffer.buffer("{\"amount\":3.5}")).await();

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.getHeader("content-type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.getHeader("x-served-by")).isEqualTo("stand-in");
    assertThat(response.bodyAsString()).isEqualTo("short and stout");
    JsonObject request = seen.future().await();
    assertThat(request).isEqualTo(new JsonObject()
        .put("method", "PUT").put("path", "/cards/4242").put("card", "4242").put("query", "verbose=true&x=%20y")
        .put("contentType", "application/json").put("idempotencyKey", "key-1").put("cookie", null)
        .put("body", "{\"amount\":3.5}"));
  }

  @Test
  void oversizedBodiesAreRefusedWith413() {
    HttpResponse<Buffer> response = shop.api().post("/api/v1/product/search")
        .sendBuffer(Buffer.buffer("x".repeat(ApiGatewayVerticle.MAX_BODY_BYTES + 1))).await();

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("failure");
  }

  private MessageConsumer<?> echoService(Promise<JsonObject> seen) {
    ServiceRouter router = ServiceRouter.of(Service.PAYMENT, new JsonObject())
        .route(Set.of(HttpMethod.PUT), "/cards/:card", request -> {
          seen.tryComplete(new JsonObject()
              .put("method", request.method().name()).put("path", request.path()).put("card", request.param("card"))
              .put("query", request.query()).put("contentType", request.header("content-type"))
              .put("idempotencyKey", request.header("idempotency-key")).put("cookie", request.header("cookie"))
              .put("body", request.body().toString()));
          return Future.succeededFuture(ServiceResponse.of(418, "text/plain; charset=utf-8", Buffer.buffer("short and stout"))
              .withHeader("x-served-by", "stand-in"));
        });
    return router.listen(shop.vertx()).await();
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
