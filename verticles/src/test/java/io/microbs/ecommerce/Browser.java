package io.microbs.ecommerce;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

/** A simulated browser on the web gateway: its own cookie jar, and the storefront's API calls. */
public final class Browser {
  private final WebClientSession client;

  public Browser(Vertx vertx, int webGatewayPort) {
    client = WebClientSession.create(WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(webGatewayPort)));
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  /** A JSON call, as the storefront makes it. */
  public HttpResponse<Buffer> send(String method, String path, JsonObject body) {
    return client.request(io.vertx.core.http.HttpMethod.valueOf(method), path)
        .sendJsonObject(body).await();
  }

  /** {@code POST /api/v1/cart} as the storefront sends it: the cart's lines, product id → quantity. */
  public JsonObject cart() {
    return send("POST", "/api/v1/cart", new JsonObject().put("session_id", "undefined")).bodyAsJsonObject().getJsonObject("data");
  }

  public HttpResponse<Buffer> setQuantity(String productId, int quantity) {
    return send("PUT", "/api/v1/cart/" + productId + "/" + quantity, new JsonObject());
  }

  /** {@code POST /api/v1/checkout/process} with the storefront's body, a valid test card and the given key (null: none). */
  public HttpResponse<Buffer> checkout(String cardNumber, String idempotencyKey) {
    return checkout(cardNumber, idempotencyKey, null);
  }

  /** The same, continuing the W3C trace {@code traceparent} (null: none). */
  public HttpResponse<Buffer> checkout(String cardNumber, String idempotencyKey, String traceparent) {
    JsonObject address = new JsonObject().put("street_1", "1 Main St").put("street_2", "").put("city", "Springfield")
        .put("state", "OR").put("postal_code", "97477").put("country", "US");
    JsonObject body = new JsonObject()
        .put("amount", 1.0)
        .put("shipping", new JsonObject().put("address", address))
        .put("billing", new JsonObject().put("address", address).put("card", new JsonObject()
            .put("name", "Test Shopper").put("number", cardNumber).put("expiration", "12/30")
            .put("security_code", "123").put("postal_code", "97477")))
        .put("session_id", "undefined");
    var request = client.post("/api/v1/checkout/process");
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    return request.sendJsonObject(body).await();
  }

  /** The value of the session cookie the gateway set, as the jar holds it. */
  public String sessionCookie() {
    return client.cookieStore().get(false, "127.0.0.1", "/").iterator().hasNext()
        ? client.cookieStore().get(false, "127.0.0.1", "/").iterator().next().value()
        : null;
  }

  public WebClientSession client() {
    return client;
  }
}
