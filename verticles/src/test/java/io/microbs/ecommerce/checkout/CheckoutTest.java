package io.microbs.ecommerce.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole purchase through the web gateway, with the real cart, catalogue, payment and order store. */
class CheckoutTest {
  static final String TEST_CARD = "4242 4242 4242 4242";
  private static final String SWEET_TEA = "f95e2475";
  private static final String ETHIOPIAN_COFFEE = "d1030594";

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart,checkout,payment");

  private Browser shopperWith(String productId, int quantity) {
    Browser browser = shop.browser();
    browser.setQuantity(productId, quantity);
    return browser;
  }

  @Test
  void aPurchaseChargesTheServersTotalRecordsTheOrderAndEmptiesTheCart() {
    Browser browser = shopperWith(SWEET_TEA, 2);
    browser.setQuantity(ETHIOPIAN_COFFEE, 1);

    HttpResponse<Buffer> placed = browser.checkout(TEST_CARD, null);

    assertThat(placed.statusCode()).isEqualTo(200);
    assertThat(placed.getHeader("content-type")).isEqualTo("application/json");
    String orderId = placed.bodyAsJsonObject().getString("order_id");
    assertThat(placed.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "success").put("order_id", orderId));
    JsonObject order = browser.get("/api/v1/checkout/orders/" + orderId).bodyAsJsonObject();
    assertThat(order.getString("status")).isEqualTo("completed");
    assertThat(order.getDouble("total")).isEqualTo(11.0); // 2 × 3.50 + 4.00, whatever the client said (1.0)
    assertThat(order.getJsonArray("lines")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("product_id", ETHIOPIAN_COFFEE).put("quantity", 1).put("price", 4.0))
        .add(new JsonObject().put("product_id", SWEET_TEA).put("quantity", 2).put("price", 3.5)));
    assertThat(order.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(browser.cart()).isEmpty();
  }

  @Test
  void aCompletedOrderIsAlreadyCheckedAgainstItsChargeSoTheReconcilerLeavesItAlone() {
    Browser browser = shopperWith(SWEET_TEA, 1);

    String orderId = browser.checkout(TEST_CARD, null).bodyAsJsonObject().getString("order_id");

    Row order = shop.productData().preparedQuery("SELECT status, checked_at IS NOT NULL FROM orders WHERE order_id = $1")
        .execute(Tuple.of(UUID.fromString(orderId))).await().iterator().next();
    assertThat(order.getString(0)).isEqualTo("completed");
    assertThat(order.getBoolean(1)).isTrue();
  }

  @Test
  void metricsCountTheOrdersByStatusAndHowLongTheOldestOnItsWayHasWaited() throws InterruptedException {
    // a checkout that stopped 20 s ago, as a crash leaves one (younger than the reconciler's 30 s, so it stays)
    UUID stalled = UUID.randomUUID();
    shop.productData().preparedQuery("INSERT INTO orders (order_id, session_id, idempotency_key, status, total, created_at, "
        + "updated_at) VALUES ($1, $2, 'stalled', 'pending', 3.5, now() - interval '20 seconds', now() - interval '20 seconds')")
        .execute(Tuple.of(stalled, UUID.randomUUID().toString())).await();
    try {
      shopperWith(SWEET_TEA, 1).checkout(TEST_CARD, null);
      long completed = shop.productData().query("SELECT count(*) FROM orders WHERE status = 'completed'").execute().await()
          .iterator().next().getLong(0);

      String metrics = scrapeUntil(text -> gauge(text, "ecommerce_orders{status=\"completed\"}") >= completed
          && gauge(text, "ecommerce_orders{status=\"pending\"}") >= 1);

      assertThat(gauge(metrics, "ecommerce_orders{status=\"completed\"}")).isEqualTo(completed);
      assertThat(gauge(metrics, "ecommerce_orders_oldest_seconds{status=\"pending\"}")).isBetween(20.0, 60.0);
    } finally {
      shop.productData().preparedQuery("DELETE FROM orders WHERE order_id = $1").execute(Tuple.of(stalled)).await();
    }
  }

  /** /metrics once it shows what {@code shows} looks for: the gauges are read from the store every 5 s. */
  private static String scrapeUntil(Predicate<String> shows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      String metrics = shop.client().get(shop.config().ports().management(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      if (shows.test(metrics) || System.nanoTime() - deadline > 0) {
        return metrics;
      }
      Thread.sleep(500);
    }
  }

  private static double gauge(String metrics, String series) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return value.find() ? Double.parseDouble(value.group(1)) : -1;
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheSameOrder() {
    Browser browser = shopperWith(SWEET_TEA, 1);
    String key = UUID.randomUUID().toString();

    String first = browser.checkout(TEST_CARD, key).bodyAsJsonObject().getString("order_id");
    HttpResponse<Buffer> retry = browser.checkout(TEST_CARD, key);

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.bodyAsJsonObject().getString("order_id")).isEqualTo(first);
  }

  @Test
  void throughTheWebGatewayTheSameCartBoughtAgainIsANewOrderAndAnInvalidCardThenFails() {
    Browser browser = shopperWith(SWEET_TEA, 1);
    HttpResponse<Buffer> first = browser.checkout(TEST_CARD, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(browser.cart()).isEmpty();

    browser.setQuantity(SWEET_TEA, 1);
    HttpResponse<Buffer> again = browser.checkout(TEST_CARD, null);

    assertThat(again.statusCode()).isEqualTo(200);
    String secondOrder = again.bodyAsJsonObject().getString("order_id");
    assertThat(secondOrder).isNotEqualTo(first.bodyAsJsonObject().getString("order_id"));
    assertThat(browser.get("/api/v1/checkout/orders/" + secondOrder).bodyAsJsonObject().getString("status")).isEqualTo("completed");
    assertThat(browser.cart()).isEmpty();

    browser.setQuantity(SWEET_TEA, 1);
    HttpResponse<Buffer> invalid = browser.checkout("4242 4242 4242 4241", null);

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure").put("reason", "Invalid card number"));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "1"));
  }

  @Test
  void throughTheApiGatewayTheSameCartBoughtAgainIsANewOrderAndAnInvalidCardThenFails() {
    JsonObject session = new JsonObject().put("session_id", UUID.randomUUID() + ".signature");
    String firstOrder = apiCheckout(session, SWEET_TEA, TEST_CARD, 200).getString("order_id");
    assertThat(apiCart(session)).isEmpty();

    String secondOrder = apiCheckout(session, SWEET_TEA, TEST_CARD, 200).getString("order_id");

    assertThat(secondOrder).isNotEqualTo(firstOrder);
    assertThat(orderStatus(secondOrder)).isEqualTo("completed");
    assertThat(apiCart(session)).isEmpty();

    JsonObject invalid = apiCheckout(session, SWEET_TEA, "4242 4242 4242 4241", 400);

    assertThat(invalid).isEqualTo(new JsonObject().put("message", "failure").put("reason", "Invalid card number"));
    assertThat(apiCart(session)).isEqualTo(new JsonObject().put(SWEET_TEA, "1"));
  }

  @Test
  void theSameRequestAgainAfterADeclineIsANewAttemptThatChargesNothingAndLeavesTheCart() {
    Browser browser = shopperWith(SWEET_TEA, 2);

    HttpResponse<Buffer> declined = browser.checkout("4242 4242 4242 4241", null);
    HttpResponse<Buffer> again = browser.checkout("4242 4242 4242 4241", null);

    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.bodyAsJsonObject()).isEqualTo(declined.bodyAsJsonObject());
    assertThat(shop.productData().preparedQuery("SELECT status, count(*) FROM orders WHERE session_id = $1 GROUP BY status")
        .execute(Tuple.of(browser.sessionCookie().substring(0, 36))).await().iterator().next().toJson())
        .isEqualTo(new JsonObject().put("status", "failed").put("count", 2L));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "2"));
    assertThat(browser.checkout(TEST_CARD, null).statusCode()).as("another request, with a valid card").isEqualTo(200);
    assertThat(browser.cart()).isEmpty();
  }

  @Test
  void anotherRequestUnderAKeyAlreadyUsedIsRefusedAndChangesNothing() {
    Browser browser = shopperWith(SWEET_TEA, 1);
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> declined = browser.checkout("4242 4242 4242 4241", key);

    HttpResponse<Buffer> reused = browser.checkout(TEST_CARD, key);

    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
        .put("error", "this Idempotency-Key was used for another request; use a new key for a new checkout"));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "1"));
  }

  /** Puts one of {@code productId} in the api-gateway session's cart and checks out with {@code card}, expecting {@code status}. */
  private static JsonObject apiCheckout(JsonObject session, String productId, String card, int status) {
    assertThat(shop.api().put("/api/v1/cart/" + productId + "/1").sendJsonObject(session).await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> answer = shop.api().post("/api/v1/checkout/process").sendJsonObject(session.copy()
        .put("billing", new JsonObject().put("card", new JsonObject().put("number", card)))).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(status);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject apiCart(JsonObject session) {
    return shop.api().post("/api/v1/cart").sendJsonObject(session).await().bodyAsJsonObject().getJsonObject("data");
  }

  private static String orderStatus(String orderId) {
    return shop.api().get("/api/v1/checkout/orders/" + orderId).send().await().bodyAsJsonObject().getString("status");
  }

  @Test
  void aDeclinedCardIsAnswered400WithTheReferenceReasonAndLeavesTheCartAlone() {
    Browser browser = shopperWith(SWEET_TEA, 3);
    String key = UUID.randomUUID().toString();

    HttpResponse<Buffer> declined = browser.checkout("4242 4242 4242 4241", key);

    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(declined.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure").put("reason", "Invalid card number"));
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "3"));
    assertThat(browser.checkout("4242 4242 4242 4241", key).statusCode()).isEqualTo(400);
    assertThat(browser.checkout(TEST_CARD, null).statusCode()).isEqualTo(200);
  }

  @Test
  void anEmptyCartCannotBeCheckedOut() {
    Browser browser = shop.browser();

    HttpResponse<Buffer> response = browser.checkout(TEST_CARD, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("the cart is empty");
  }

  @Test
  void malformedCardsAndKeysAreRejected() {
    Browser browser = shopperWith(SWEET_TEA, 1);

    assertThat(browser.checkout("", null).bodyAsJsonObject().getString("error")).isEqualTo("card.number holds no digits");
    assertThat(browser.checkout(TEST_CARD, "not a key!").bodyAsJsonObject().getString("error"))
        .isEqualTo("Idempotency-Key must be 1-100 letters, digits or _.:-");
    assertThat(browser.get("/api/v1/checkout/orders/42").bodyAsJsonObject().getString("error")).isEqualTo("order ids are UUIDs");
    assertThat(browser.get("/api/v1/checkout/orders/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "1"));
  }

  @Test
  void aHugeAmountIsRefusedBeforeAnythingIsWritten() {
    Browser browser = shopperWith(SWEET_TEA, 1);
    String key = UUID.randomUUID().toString();

    for (String amount : List.of("1e400", "9".repeat(400), "-1e400", "\"12.50\"")) {
      HttpResponse<Buffer> refused = browser.client().post("/api/v1/checkout/process").putHeader("Idempotency-Key", key)
          .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"amount\":" + amount + ",\"billing\":{\"card\":{\"number\":\"" + TEST_CARD + "\"}}}"))
          .await();

      assertThat(refused.statusCode()).as(amount).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("amount must be a number from 0 to 99999999.99");
    }
    // nothing was written under the key: it still makes an order, at once
    HttpResponse<Buffer> placed = browser.checkout(TEST_CARD, key);
    assertThat(placed.statusCode()).isEqualTo(200);
    assertThat(browser.get("/api/v1/checkout/orders/" + placed.bodyAsJsonObject().getString("order_id")).bodyAsJsonObject()
        .getString("status")).isEqualTo("completed");
  }

  @Test
  void billingOrCardOfTheWrongTypeIsRefusedNamingTheField() {
    Browser browser = shopperWith(SWEET_TEA, 1);

    for (Object wrong : Arrays.asList("x", new JsonArray(), null, 42)) {
      assertThat(refusal(browser, new JsonObject().put("billing", wrong))).isEqualTo("billing must be a JSON object");
      assertThat(refusal(browser, new JsonObject().put("billing", new JsonObject().put("card", wrong))))
          .isEqualTo("billing.card must be a JSON object");
    }
    assertThat(refusal(browser, new JsonObject())).isEqualTo("billing.card is missing: the card to charge");
    assertThat(refusal(browser, new JsonObject().put("billing", new JsonObject())))
        .isEqualTo("billing.card is missing: the card to charge");
    assertThat(refusal(browser, new JsonObject().put("card", new JsonObject().put("number", "4111111111111111"))))
        .isEqualTo("the card goes in billing.card, not at the top level of the body");
    assertThat(browser.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "1"));
  }

  private static String refusal(Browser browser, JsonObject body) {
    HttpResponse<Buffer> refused = browser.client().post("/api/v1/checkout/process").sendJsonObject(body).await();
    assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
    return refused.bodyAsJsonObject().getString("error");
  }

  @Test
  void fiftyShoppersCheckingOutAtOnceTakeAboutOnePaymentDelay() {
    List<Browser> shoppers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      shoppers.add(shopperWith(SWEET_TEA, 1));
    }
    JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", new JsonObject().put("number", TEST_CARD)));

    long started = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> checkouts = shoppers.stream()
        .map(shopper -> shopper.client().post("/api/v1/checkout/process").sendJsonObject(body)).toList();
    Future.join(checkouts).await();
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(checkouts).allSatisfy(checkout -> assertThat(checkout.result().statusCode()).isEqualTo(200));
    // each payment waits 0.5-1.0 s on a timer; run one after another they would take 25 s or more
    assertThat(millis).isLessThan(3_000);
  }
}
