package io.microbs.ecommerce.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the catalogue answers when PostgreSQL does not give it rows: a value PostgreSQL refuses is the
 * caller's bad input (400), only a database that fails it is an outage (503). In a database of its
 * own, since the test locks the catalogue's table.
 */
class ProductDataErrorsTest {
  private static final String DATABASE = "ecommerce_test_product_errors";


  // the gateway waits longer than the catalogue waits for its database, so the answer is the catalogue's
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("api-gateway,product").env("SERVICE_DATABASE_PRODUCT_DATA", DATABASE)
      .env("SERVICE_TIMEOUT_MS", "5000");

  private static HttpResponse<Buffer> search(String query) {
    return shop.api().post("/api/v1/product/search").sendJsonObject(new JsonObject().put("query", query)).await();
  }

  @Test
  void aNulCharacterInTheQueryIsBadInputNotAnOutage() {
    for (String path : new String[] {"/api/v1/product/search", "/api/v1/product/suggestions"}) {
      HttpResponse<Buffer> response = shop.api().post(path).sendJsonObject(new JsonObject().put("query", "tea\u0000")).await();

      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
          .put("error", "query must not contain the NUL character (U+0000)"));
    }
    assertThat(search("tea").statusCode()).isEqualTo(200);
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsAnOutage() {
    Promise<Void> release = Promise.promise();
    Promise<Void> locked = Promise.promise();
    Future<Void> held = shop.productData().withTransaction(tx -> tx.query("LOCK TABLE products IN ACCESS EXCLUSIVE MODE").execute()
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
