package io.microbs.ecommerce.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/** A real Redis server that the test stops and starts again under a running shop. */
class RedisOutageTest {
  private static final int REDIS_PORT = RunningShop.freePort();

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,product,cart")
      .env("SERVICE_HOST_CART_DATA", "127.0.0.1").env("SERVICE_PORT_CART_DATA", Integer.toString(REDIS_PORT))
      .env("SERVICE_HOST_SESSION_DATA", "127.0.0.1").env("SERVICE_PORT_SESSION_DATA", Integer.toString(REDIS_PORT));

  private static RedisServer redis;

  // The shop connects to Redis on its first request, so its Redis may start after it.
  @BeforeAll
  static void startItsRedis() throws Exception {
    redis = startRedis();
  }

  @AfterAll
  static void stopItsRedis() throws Exception {
    redis.stop();
  }

  private static RedisServer startRedis() throws Exception {
    RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(REDIS_PORT).setting("save \"\"").build();
    server.start();
    return server;
  }

  @Test
  void whileRedisIsDownRequestsAnswer503QuicklyAndTheShopRecoversByItself() throws Exception {
    Browser browser = shop.browser();
    assertThat(browser.setQuantity("f95e2475", 2).statusCode()).isEqualTo(200);

    redis.stop();
    long started = System.nanoTime();
    HttpResponse<Buffer> during = browser.send("POST", "/api/v1/cart", new JsonObject());
    long millis = (System.nanoTime() - started) / 1_000_000;
    HttpResponse<Buffer> readiness = shop.client()
        .get(shop.config().ports().management(), "127.0.0.1", "/readyz").send().await();

    assertThat(during.statusCode()).isEqualTo(503);
    assertThat(during.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("message", "failure").put("error", "session-data is unavailable"));
    assertThat(millis).isLessThan(1_000);
    assertThat(readiness.statusCode()).isEqualTo(503);

    redis = startRedis();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<Buffer> after = browser.setQuantity("f95e2475", 3);
    while (after.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      after = browser.setQuantity("f95e2475", 3);
    }
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(browser.cart()).isEqualTo(new JsonObject().put("f95e2475", "3"));
    assertThat(shop.client().get(shop.config().ports().management(), "127.0.0.1", "/readyz").send().await()
        .statusCode()).isEqualTo(200);
  }
}
