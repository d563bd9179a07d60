package io.microbs.ecommerce.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Carts through the web gateway, one cookie jar per simulated browser, against a real Redis. */
class CartTest {
  private static final String SWEET_TEA = "f95e2475";
  private static final String CINNAMON_TEA = "d0a9442c";

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart").env("CART_TTL_SECONDS", "3600");

  private static JsonObject success(Object data) {
    return new JsonObject().put("data", data).put("message", "success");
  }

  @Test
  void itemsAreAddedChangedRemovedAndCleared() {
    Browser browser = shop.browser();

    assertThat(browser.cart()).isEmpty();
    assertThat(browser.setQuantity(SWEET_TEA, 1).bodyAsJsonObject()).isEqualTo(success(1));
    assertThat(browser.setQuantity(CINNAMON_TEA, 2).bodyAsJsonObject()).isEqualTo(success(1));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "1").put(CINNAMON_TEA, "2"));

    assertThat(browser.setQuantity(SWEET_TEA, 3).bodyAsJsonObject()).isEqualTo(success(0));
    assertThat(browser.cart().getString(SWEET_TEA)).isEqualTo("3");

    assertThat(browser.send("DELETE", "/api/v1/cart/" + SWEET_TEA, new JsonObject()).bodyAsJsonObject()).isEqualTo(success(1));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(CINNAMON_TEA, "2"));

    browser.setQuantity(CINNAMON_TEA, 0);
    assertThat(browser.cart()).isEmpty();

    browser.setQuantity(SWEET_TEA, 5);
    assertThat(browser.send("DELETE", "/api/v1/cart", new JsonObject()).bodyAsJsonObject()).isEqualTo(success(1));
    assertThat(browser.cart()).isEmpty();
  }

  @Test
  void twoBrowsersNeverSeeEachOthersCartsEvenWhenOneSendsTheOthersSessionId() {
    Browser alice = shop.browser();
    Browser mallory = shop.browser();
    alice.setQuantity(SWEET_TEA, 4);
    mallory.get("/");
    String alicesSession = alice.sessionCookie();

    JsonObject stolen = mallory.send("POST", "/api/v1/cart", new JsonObject().put("session_id", alicesSession)).bodyAsJsonObject();
    mallory.send("DELETE", "/api/v1/cart", new JsonObject().put("session_id", alicesSession));
    mallory.send("PUT", "/api/v1/cart/" + SWEET_TEA + "/99", new JsonObject().put("session_id", alicesSession));

    assertThat(stolen.getJsonObject("data")).isEmpty();
    assertThat(alice.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "4"));
    assertThat(mallory.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "99"));
  }

  @Test
  void cartsExpireAfterTheConfiguredTimeRefreshedOnEveryChange() {
    Browser browser = shop.browser();
    browser.setQuantity(SWEET_TEA, 1);
    String key = "s:" + browser.sessionCookie().substring(0, 36);

    long ttl = shop.cartData().send(Request.cmd(Command.TTL, key)).await().toLong();

    assertThat(ttl).isBetween(3_500L, 3_600L);
  }

  @Test
  void changesGoOnWhenRedisHasForgottenTheCartsScripts() {
    Browser browser = shop.browser();
    browser.setQuantity(SWEET_TEA, 1);

    shop.cartData().send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await(); // as a restarted server has

    assertThat(browser.setQuantity(SWEET_TEA, 2).bodyAsJsonObject()).isEqualTo(success(0));
    assertThat(browser.send("POST", "/api/v1/cart/" + SWEET_TEA, new JsonObject().put("add", 3)).statusCode()).isEqualTo(200);
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "5"));
  }

  @Test
  void quantitiesAndProductIdsAreValidated() {
    Browser browser = shop.browser();

    assertError(browser.setQuantity(SWEET_TEA, 100), 400, "quantity must be a whole number from 0 to 99");
    assertError(browser.send("PUT", "/api/v1/cart/" + SWEET_TEA + "/-1", new JsonObject()), 400, "quantity must be a whole number from 0 to 99");
    assertError(browser.send("PUT", "/api/v1/cart/" + SWEET_TEA + "/1.5", new JsonObject()), 400, "quantity must be a whole number from 0 to 99");
    assertError(browser.send("PUT", "/api/v1/cart/not-an-id/1", new JsonObject()), 400, "product ids are 8 hex characters");
    assertError(browser.setQuantity("00000000", 1), 404, "product 00000000 does not exist");
    assertError(browser.send("POST", "/api/v1/cart/" + SWEET_TEA, new JsonObject().put("add", "one")), 400, "add must be a whole number from -99 to 99");
    assertError(browser.send("GET", "/api/v1/cart/" + SWEET_TEA, new JsonObject()), 405, "GET is not allowed on /" + SWEET_TEA);
    assertThat(browser.cart()).isEmpty();
  }

  @Test
  void aCartRequestWhoseBodyIsNotAJsonObjectIsRefusedEvenWithASessionCookie() {
    Browser browser = shop.browser();
    browser.setQuantity(SWEET_TEA, 2);

    for (String body : List.of("hello", "[1, 2]", "42", "{\"session_id\":")) {
      for (String method : List.of("POST", "DELETE")) {
        HttpResponse<Buffer> refused = browser.client().request(HttpMethod.valueOf(method), "/api/v1/cart")
            .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
        assertThat(refused.statusCode()).as(method + " " + body).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("message")).isEqualTo("failure");
      }
    }
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "2"));
  }

  @Test
  void concurrentIncrementsToOneCartLoseNothing() {
    Browser browser = shop.browser();
    browser.get("/");

    List<Future<HttpResponse<Buffer>>> increments = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      increments.add(browser.client().post("/api/v1/cart/" + SWEET_TEA).sendJsonObject(new JsonObject().put("add", 1)));
    }
    Future.join(increments).await();

    long accepted = increments.stream().filter(response -> response.result().statusCode() == 200).count();
    long refused = increments.stream().filter(response -> response.result().statusCode() == 400).count();
    assertThat(accepted).isEqualTo(99);
    assertThat(refused).isEqualTo(1);
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "99"));
  }

  @Test
  void theInternalApiGatewayTakesTheSessionFromTheBodyAsTheReferenceDoes() {
    WebClient api = shop.client();
    int port = shop.config().ports().apiGateway();
    String session = UUID.randomUUID() + ".signature";

    api.put(port, "127.0.0.1", "/api/v1/cart/" + CINNAMON_TEA + "/7").sendJsonObject(new JsonObject().put("session_id", session)).await();
    JsonObject cart = api.post(port, "127.0.0.1", "/api/v1/cart").sendJsonObject(new JsonObject().put("session_id", session)).await().bodyAsJsonObject();
    HttpResponse<Buffer> anonymous = api.post(port, "127.0.0.1", "/api/v1/cart").sendJsonObject(new JsonObject()).await();
    HttpResponse<Buffer> malformed = api.post(port, "127.0.0.1", "/api/v1/cart").sendJsonObject(new JsonObject().put("session_id", "no-dot")).await();

    assertThat(cart).isEqualTo(success(new JsonObject().put(CINNAMON_TEA, "7")));
    assertError(anonymous, 400, "session_id is missing");
    assertError(malformed, 400, "session_id must look like <id>.<signature>");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure").put("error", error));
  }
}
