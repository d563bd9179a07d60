package io.microbs.ecommerce.checkout;

import static io.microbs.ecommerce.checkout.CheckoutTest.TEST_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every way a checkout can fail, each injected where it happens in production: at the event-bus
 * address of the dependency, where a test consumer stands in for cart or payment, or in the database.
 */
class CheckoutFailuresTest {
  private static final int PAYMENT_TIMEOUT_MILLIS = 400;

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,product,checkout")
      .env("SERVICE_DATABASE_PRODUCT_DATA", "ecommerce_checkout_faults")
      .env("PAYMENT_TIMEOUT_MS", Integer.toString(PAYMENT_TIMEOUT_MILLIS))
      // the stand-in's record of charges lasts one test: settling older orders against it would void them
      .env("ORDER_RECONCILE_SECONDS", "86400");

  private static Pool database;
  private static MessageConsumer<ServiceRequest> payment;
  private static final List<String> charges = new CopyOnWriteArrayList<>();
  private static final List<String> voids = new CopyOnWriteArrayList<>();
  private static final AtomicInteger cartClears = new AtomicInteger();
  private static volatile Function<ServiceRequest, Future<ServiceResponse>> charging;
  private static volatile int cartClearFailures;

  @BeforeAll
  static void standInForCartAndPayment() {
    database = shop.productData();
    ServiceRouter.of(Service.CART, new JsonObject())
        .post("/", request -> Future.succeededFuture(ServiceResponse.ok(new JsonObject()
            .put("data", new JsonObject().put("f95e2475", "2")).put("message", "success"))))
        .delete("/", request -> Future.succeededFuture(cartClears.incrementAndGet() <= cartClearFailures
            ? ServiceResponse.failure(503, "cart-data is unavailable")
            : ServiceResponse.ok(new JsonObject().put("data", 1).put("message", "success"))))
        .listen(shop.vertx()).await();
    payment = paymentStandIn();
  }

  private static MessageConsumer<ServiceRequest> paymentStandIn() {
    return ServiceRouter.of(Service.PAYMENT, new JsonObject())
        .post("/process", request -> {
          charges.add(request.jsonObject().getString("transaction_id"));
          return charging.apply(request);
        })
        .post("/void", request -> {
          voids.add(request.jsonObject().getString("transaction_id"));
          return Future.succeededFuture(ServiceResponse.ok(new JsonObject().put("message", "success")));
        })
        .get("/charges/:transactionId", request -> {
          String transaction = request.param("transactionId");
          String status = voids.contains(transaction) ? "voided" : charges.contains(transaction) ? "charged" : "none";
          return Future.succeededFuture(ServiceResponse.ok(
              new JsonObject().put("transaction_id", transaction).put("status", status)));
        })
        .listen(shop.vertx()).await();
  }

  @AfterAll
  static void putTheOrdersTableBack() {
    database.query("ALTER TABLE IF EXISTS orders_away RENAME TO orders").execute().await();
  }

  @BeforeEach
  void paymentSucceedsAfterAWhile() {
    charging = request -> after(300, ServiceResponse.ok(new JsonObject().put("message", "success")));
    cartClearFailures = 0;
    cartClears.set(0);
    charges.clear();
    voids.clear();
  }

  private static Future<ServiceResponse> after(long millis, ServiceResponse answer) {
    Promise<ServiceResponse> later = Promise.promise();
    shop.vertx().setTimer(millis, timer -> later.complete(answer));
    return later.future();
  }

  private Browser shopper() {
    Browser browser = shop.browser();
    browser.get("/");
    return browser;
  }

  private String status(String orderId) {
    return database.preparedQuery("SELECT status FROM orders WHERE order_id = $1").execute(Tuple.of(UUID.fromString(orderId)))
        .await().iterator().next().getString(0);
  }

  private void awaitStatus(String orderId, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!expected.equals(status(orderId)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(status(orderId)).isEqualTo(expected);
  }

  @Test
  void concurrentDuplicatesOfOneKeyMakeOneOrderAndOneCharge() {
    Browser browser = shopper();
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", new JsonObject().put("number", TEST_CARD)));

    List<Future<HttpResponse<Buffer>>> attempts = java.util.stream.IntStream.range(0, 10)
        .mapToObj(i -> browser.client().post("/api/v1/checkout/process").putHeader("Idempotency-Key", key).sendJsonObject(body))
        .toList();
    Future.join(attempts).await();
    HttpResponse<Buffer> later = browser.client().post("/api/v1/checkout/process").putHeader("Idempotency-Key", key)
        .sendJsonObject(body).await();

    List<String> orderIds = attempts.stream().map(attempt -> attempt.result().bodyAsJsonObject().getString("order_id")).distinct().toList();
    assertThat(orderIds).hasSize(1).doesNotContainNull();
    assertThat(later.bodyAsJsonObject().getString("order_id")).isEqualTo(orderIds.get(0));
    assertThat(charges).containsExactly(orderIds.get(0));
  }

  @Test
  void aPaidUpdateThatLandsAfterCheckoutGaveUpOnItLeavesTheOrderVoidedWithItsCharge() throws Exception {
    // The order's row stays locked for longer than checkout waits for a query, as in a database stall: its
    // pending -> paid update times out, checkout voids the charge, then the update lands all the same.
    charging = request -> holdTheOrderLocked(UUID.fromString(request.jsonObject().getString("transaction_id")), 3_000)
        .map(ServiceResponse.ok(new JsonObject().put("message", "success")));
    Browser browser = shopper();
    String key = UUID.randomUUID().toString();

    HttpResponse<Buffer> response = browser.checkout(TEST_CARD, key);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error"))
        .isEqualTo("the order could not be recorded, so its payment was voided; please try again");
    String orderId = charges.get(0);
    awaitStatus(orderId, "voided");
    assertThat(voids).containsExactly(orderId);
    assertThat(browser.checkout(TEST_CARD, key).statusCode()).as("a retry with the key").isEqualTo(503);
  }

  /** Locks the order's row for {@code millis} in a transaction of the test's own; completes once it is locked. */
  private static Future<Void> holdTheOrderLocked(UUID orderId, long millis) {
    return database.getConnection().compose(connection -> connection.begin().compose(tx -> connection
        .preparedQuery("SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE").execute(Tuple.of(orderId))
        .onSuccess(locked -> shop.vertx().setTimer(millis, timer -> tx.commit().eventually(connection::close)))
        .mapEmpty()));
  }

  @Test
  void aDoubleClickWithoutAKeyMakesOneOrderAndOneCharge() {
    Browser browser = shopper();
    JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", new JsonObject().put("number", TEST_CARD)));

    // all at once, on connections of their own: each arrives while the first is being charged
    WebClient mouse = WebClient.create(shop.clientVertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(shop.config().ports().webGateway()), new PoolOptions().setHttp1MaxSize(5));
    List<Future<HttpResponse<Buffer>>> clicks = java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> mouse.post("/api/v1/checkout/process").putHeader("Cookie", "session_id=" + browser.sessionCookie())
            .sendJsonObject(body))
        .toList();
    Future.join(clicks).await();
    mouse.close();

    assertThat(clicks).allSatisfy(click -> assertThat(click.result().statusCode()).isEqualTo(200));
    List<String> orderIds = clicks.stream().map(click -> click.result().bodyAsJsonObject().getString("order_id"))
        .distinct().toList();
    assertThat(orderIds).hasSize(1).doesNotContainNull();
    assertThat(charges).containsExactly(orderIds.get(0));
  }

  @Test
  void aSessionChecksOutOneOrderAtATime() throws Exception {
    // the first order stays pending for a second, within what checkout waits for the database
    charging = request -> holdTheOrderLocked(UUID.fromString(request.jsonObject().getString("transaction_id")), 1_000)
        .map(ServiceResponse.ok(new JsonObject().put("message", "success")));
    Browser browser = shopper();
    JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", new JsonObject().put("number", TEST_CARD)));

    Future<HttpResponse<Buffer>> first = browser.client().post("/api/v1/checkout/process")
        .putHeader("Idempotency-Key", "first-" + UUID.randomUUID()).sendJsonObject(body);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (charges.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20); // until the first is being charged
    }
    HttpResponse<Buffer> second = browser.checkout(TEST_CARD, "second-" + UUID.randomUUID());

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.bodyAsJsonObject().getString("error")).isEqualTo("another checkout of this session is in progress");
    assertThat(first.await().statusCode()).isEqualTo(200);
    assertThat(charges).hasSize(1);
    assertThat(browser.checkout(TEST_CARD, "third-" + UUID.randomUUID()).statusCode()).as("once the first is done")
        .isEqualTo(200);
  }

  @Test
  void aPaymentThatTimesOutIs504TheOrderIsNotPaidAndTheChargeIsVoided() throws Exception {
    charging = request -> Promise.<ServiceResponse>promise().future(); // never answers

    long started = System.nanoTime();
    HttpResponse<Buffer> response = shopper().checkout(TEST_CARD, null);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("payment did not answer within 400 ms");
    assertThat(millis).isLessThan(PAYMENT_TIMEOUT_MILLIS + 1_500);
    String orderId = charges.get(0);
    assertThat(status(orderId)).isEqualTo("failed");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (voids.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(voids).containsExactly(orderId);
  }

  @Test
  void whenPaymentIsNotRunningTheAnswerIs503AndTheOrderFailed() {
    payment.unregister().await();
    try {
      Browser browser = shopper();
      HttpResponse<Buffer> response = browser.checkout(TEST_CARD, "no-payment-" + UUID.randomUUID());

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("payment is not available");
      // this shopper's: the table outlives the run, and a run stopped halfway leaves its own orders behind
      assertThat(database.preparedQuery("SELECT count(*) FROM orders WHERE status = 'pending' AND session_id = $1")
          .execute(Tuple.of(browser.sessionCookie().substring(0, 36))).await().iterator().next().getLong(0)).isZero();
    } finally {
      payment = paymentStandIn();
    }
  }

  @Test
  void whenTheCartCannotBeClearedTheOrderStaysPaidUntilARetryClearsIt() throws Exception {
    cartClearFailures = 2;

    HttpResponse<Buffer> response = shopper().checkout(TEST_CARD, null);

    assertThat(response.statusCode()).isEqualTo(200);
    String orderId = response.bodyAsJsonObject().getString("order_id");
    assertThat(status(orderId)).isEqualTo("paid");
    awaitStatus(orderId, "completed");
    assertThat(cartClears.get()).isEqualTo(3);
    assertThat(voids).isEmpty();
  }

  @Test
  void whenThePaidOrderCannotBeWrittenThePaymentIsVoidedAndTheOrderEndsVoided() throws Exception {
    charging = request -> database.query("ALTER TABLE orders RENAME TO orders_away").execute()
        .map(ServiceResponse.ok(new JsonObject().put("message", "success")));

    HttpResponse<Buffer> response = shopper().checkout(TEST_CARD, null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error"))
        .isEqualTo("the order could not be recorded, so its payment was voided; please try again");
    String orderId = charges.get(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (voids.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(voids).containsExactly(orderId);

    database.query("ALTER TABLE orders_away RENAME TO orders").execute().await();
    awaitStatus(orderId, "voided");
  }
}
