package io.microbs.ecommerce.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.Shop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the catalogue answers when PostgreSQL does not give it rows: a value PostgreSQL refuses is the
 * caller's bad input (400), only a database that fails it is an outage (503). In a database of its
 * own, since the test locks the catalogue's table.
 */
class ProductDataErrorsTest {
  private static final String DATABASE = "ecommerce_test_product_errors";

  private static Shop shop;
  private static Vertx vertx;
  private static WebClient client;
  private static Pool productData;

  @BeforeAll
  static void startShop() {
    // the gateway waits longer than the catalogue waits for its database, so the answer is the catalogue's
    shop = RunningShop.start(RunningShop.environment("SERVICES", "api-gateway,product", "SERVICE_DATABASE_PRODUCT_DATA", DATABASE,
        "SERVICE_TIMEOUT_MS", "5000"));
    vertx = Vertx.vertx();
    client = RunningShop.apiClient(vertx, shop);
    productData = shop.config().data().productData().pool(vertx, "test", 1);
  }

  @AfterAll
  static void stopShop() {
    vertx.close().await();
    shop.stop().await();
  }

  private static HttpResponse<Buffer> search(String query) {
    return client.post("/api/v1/product/search").sendJsonObject(new JsonObject().put("query", query)).await();
  }

  @Test
  void aNulCharacterInTheQueryIsBadInputNotAnOutage() {
    for (String path : new String[] {"/api/v1/product/search", "/api/v1/product/suggestions"}) {
      HttpResponse<Buffer> response = client.post(path).sendJsonObject(new JsonObject().put("query", "tea\u0000")).await();

      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
          .put("error", "the catalogue cannot search for that: invalid byte sequence for encoding \"UTF8\": 0x00"));
    }
    assertThat(search("tea").statusCode()).isEqualTo(200);
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsAnOutage() {
    Promise<Void> release = Promise.promise();
    Promise<Void> locked = Promise.promise();
    Future<Void> held = productData.withTransaction(tx -> tx.query("LOCK TABLE products IN ACCESS EXCLUSIVE MODE").execute()
        .compose(done -> {
          locked.complete();
          return release.future();
        }));
    locked.future().await();

    HttpResponse<Buffer> stalled = search("tea");
    release.complete();
    held.await();

    assertThat(stalled.statusCode()).isEqualTo(503);
    assertThat(stalled.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
        .put("error", "product-data is unavailable"));
    assertThat(search("tea").statusCode()).isEqualTo(200);
  }
}
