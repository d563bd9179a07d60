package io.microbs.ecommerce.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.cart.api.Cart;
import io.microbs.ecommerce.payment.api.ChargeOutcome;
import io.microbs.ecommerce.payment.api.ChargeStatus;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Placing an order, without a shop: the order store and the other services stand in memory, each answering as the
 * test says, so that every outcome of a charge can be met and the order's status checked against what was charged.
 */
class OrderPlacementTest {
  private static final String SESSION = "4f1c0a9e-0000-4000-8000-000000000001";
  private static final JsonObject CARD = new JsonObject().put("number", "4242 4242 4242 4242");
  private static final ServiceResponse INVALID_CARD =
      ServiceResponse.json(400, new JsonObject().put("message", "failure").put("reason", "Invalid card number"));

  private final Vertx vertx = Vertx.vertx();
  private final Orders orders = new Orders();
  private final Shop shop = new Shop();
  private final OrderPlacement placement = new OrderPlacement(vertx, orders, shop, Duration.ofMillis(500));

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void aChargedOrderIsCompletedAndItsCartEmptied() {
    ServiceResponse answer = place(attempt(null, CARD)).await();

    assertThat(answer.status()).isEqualTo(200);
    Order order = orders.only();
    assertThat(answer.jsonObject()).isEqualTo(new JsonObject().put("message", "success").put("order_id", order.orderId().toString()));
    assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
    assertThat(order.total()).isEqualByComparingTo("7.00");
    assertThat(shop.charges).containsExactly(order.orderId());
    assertThat(shop.cart).isEmpty();
  }

  @Test
  void aRefusedCardFailsTheOrderWithPaymentsAnswerAndLeavesTheCart() {
    shop.outcome = () -> new ChargeOutcome.InvalidCard(INVALID_CARD);

    ServiceResponse answer = place(attempt(null, CARD)).await();

    assertThat(answer).isEqualTo(INVALID_CARD);
    assertThat(orders.only().status()).isEqualTo(OrderStatus.FAILED);
    assertThat(orders.only().failure()).isEqualTo(INVALID_CARD);
    assertThat(shop.cart).containsEntry("f95e2475", 2);
  }

  @Test
  void aChargeLeftUnansweredFailsTheOrderAndIsVoided() throws InterruptedException {
    shop.outcome = () -> new ChargeOutcome.Unknown(new ServiceException(504, "payment did not answer within 500 ms"));

    Throwable failure = failureOf(place(attempt(null, CARD)));

    assertThat(failure).isInstanceOf(ServiceException.class).hasMessage("payment did not answer within 500 ms");
    Order order = orders.only();
    assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
    awaitUntil(() -> shop.voids.contains(order.orderId()));
    assertThat(shop.cart).isNotEmpty();
  }

  @Test
  void paymentAwayFailsTheOrderAndVoidsNothing() {
    shop.outcome = () -> new ChargeOutcome.Unavailable(new ServiceException(503, "payment is not available"));

    Throwable failure = failureOf(place(attempt(null, CARD)));

    assertThat(((ServiceException) failure).status()).isEqualTo(503);
    assertThat(orders.only().status()).isEqualTo(OrderStatus.FAILED);
    assertThat(shop.voids).isEmpty();
  }

  @Test
  void aChargeThatCannotBeRecordedAsPaidIsVoidedAndTheOrderEndsVoided() throws InterruptedException {
    orders.refusePaid = true;

    Throwable failure = failureOf(place(attempt(null, CARD)));

    assertThat(((ServiceException) failure).status()).isEqualTo(503);
    assertThat(failure).hasMessage(OrderPlacement.VOIDED);
    Order order = orders.only();
    awaitUntil(() -> shop.voids.contains(order.orderId()) && orders.only().status() == OrderStatus.VOIDED);
  }

  @Test
  void aCartThatCannotBeClearedLeavesTheOrderPaidUntilARetryCompletesIt() throws InterruptedException {
    shop.clearFailures = 2;

    ServiceResponse answer = place(attempt(null, CARD)).await();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(orders.only().status()).isEqualTo(OrderStatus.PAID);
    awaitUntil(() -> orders.only().status() == OrderStatus.COMPLETED);
    assertThat(shop.cart).isEmpty();
  }

  @Test
  void theSameKeyAgainIsTheSameOrderChargedOnceAndAnotherRequestUnderItIsRefused() {
    String first = place(attempt("key-1", CARD)).await().jsonObject().getString("order_id");
    shop.cart.put("f95e2475", 1);

    ServiceResponse again = place(attempt("key-1", CARD)).await();
    Throwable another = failureOf(place(attempt("key-1", new JsonObject().put("number", "4111 1111 1111 1111"))));

    assertThat(again.jsonObject().getString("order_id")).isEqualTo(first);
    assertThat(shop.charges).hasSize(1);
    assertThat(((ServiceException) another).status()).isEqualTo(422);
  }

  @Test
  void theSameRequestWhileItsOrderIsPendingWaitsForThatOrdersOutcome() {
    Promise<ChargeOutcome> slowPayment = Promise.promise();
    shop.pending = slowPayment.future();

    Future<ServiceResponse> click = place(attempt(null, CARD));
    Future<ServiceResponse> doubleClick = place(attempt(null, CARD));
    vertx.setTimer(300, timer -> slowPayment.complete(new ChargeOutcome.Charged()));

    assertThat(click.await().jsonObject()).isEqualTo(doubleClick.await().jsonObject());
    assertThat(shop.charges).hasSize(1);
  }

  @Test
  void anEmptyCartIsRefusedBeforeAnythingIsWritten() {
    shop.cart.clear();

    Throwable refused = failureOf(place(attempt(null, CARD)));

    assertThat(refused).isInstanceOf(ServiceException.class).hasMessage("the cart is empty");
    assertThat(orders.all).isEmpty();
  }

  /** Places {@code attempt} on the event loop, as the verticle does. */
  private Future<ServiceResponse> place(OrderPlacement.Attempt attempt) {
    Promise<ServiceResponse> answered = Promise.promise();
    vertx.runOnContext(now -> placement.place(attempt).onComplete(answered));
    return answered.future().timeout(10, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(Future<ServiceResponse> answer) {
    try {
      answer.await();
    } catch (Exception failed) {
      return failed;
    }
    throw new AssertionError("expected a failure, got " + answer.result().status());
  }

  /** The request with {@code card}, under {@code key} or none (null): the body says what its digest says. */
  private static OrderPlacement.Attempt attempt(String key, JsonObject card) {
    JsonObject body = new JsonObject().put("billing", new JsonObject().put("card", card));
    return new OrderPlacement.Attempt(SESSION, key == null ? UUID.randomUUID().toString() : key, key != null,
        Order.requestDigest(SESSION, body), body, card);
  }

  private static void awaitUntil(Supplier<Boolean> settled) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!settled.get()) {
      assertThat(System.nanoTime()).as("settled within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The order store in memory, with its rules: one order per key, one pending order per session, conditional moves. */
  private static final class Orders implements OrderStore {
    final Map<UUID, Order> all = new HashMap<>();
    final Map<String, UUID> byKey = new HashMap<>();
    volatile boolean refusePaid;

    synchronized Order only() {
      assertThat(all).hasSize(1);
      return all.values().iterator().next();
    }

    @Override
    public synchronized Future<Optional<Order>> open(String sessionId, String idempotencyKey, String requestDigest,
        List<Order.Line> lines, Optional<Duration> repeatWindow) {
      boolean repeat = repeatWindow.isPresent() && repeatOf(requestDigest).isPresent();
      boolean pending = all.values().stream().anyMatch(order -> order.status() == OrderStatus.PENDING);
      if (byKey.containsKey(idempotencyKey) || repeat || pending) {
        return Future.succeededFuture(Optional.empty());
      }
      BigDecimal total = lines.stream().map(line -> line.price().multiply(BigDecimal.valueOf(line.quantity())))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      Order order = new Order(UUID.randomUUID(), OrderStatus.PENDING, total, lines, OffsetDateTime.now(), null,
          requestDigest);
      all.put(order.orderId(), order);
      byKey.put(idempotencyKey, order.orderId());
      return Future.succeededFuture(Optional.of(order));
    }

    private Optional<Order> repeatOf(String requestDigest) {
      return all.values().stream().filter(order -> requestDigest.equals(order.requestDigest())
          && (order.status() == OrderStatus.PENDING || order.status() == OrderStatus.PAID)).findFirst();
    }

    @Override
    public synchronized Future<Optional<Order>> findByKey(String sessionId, String idempotencyKey) {
      return Future.succeededFuture(Optional.ofNullable(byKey.get(idempotencyKey)).map(all::get));
    }

    @Override
    public synchronized Future<Optional<Order>> find(UUID orderId) {
      return Future.succeededFuture(Optional.ofNullable(all.get(orderId)));
    }

    @Override
    public synchronized Future<Optional<Order>> findRepeat(String sessionId, String requestDigest, List<Order.Line> lines,
        Duration window) {
      return Future.succeededFuture(repeatOf(requestDigest));
    }

    @Override
    public synchronized Future<Boolean> move(UUID orderId, OrderStatus from, OrderStatus to) {
      if (to == OrderStatus.PAID && refusePaid) {
        return Future.failedFuture(new ServiceException(503, "the order store is unavailable"));
      }
      return Future.succeededFuture(change(orderId, from, to, null));
    }

    @Override
    public synchronized Future<Boolean> complete(UUID orderId) {
      return Future.succeededFuture(change(orderId, OrderStatus.PAID, OrderStatus.COMPLETED, null));
    }

    @Override
    public synchronized Future<Boolean> fail(UUID orderId, OrderStatus from, ServiceResponse answer) {
      return Future.succeededFuture(change(orderId, from, OrderStatus.FAILED, answer));
    }

    private boolean change(UUID orderId, OrderStatus from, OrderStatus to, ServiceResponse failure) {
      assertThat(from.mayMoveTo(to)).as(from + " → " + to).isTrue();
      Order order = all.get(orderId);
      if (order == null || order.status() != from) {
        return false;
      }
      all.put(orderId, new Order(orderId, to, order.total(), order.lines(), order.createdAt(), failure, order.requestDigest()));
      return true;
    }
  }

  /** The cart, the catalogue and payment in memory: two Sweet Teas at 3.50, and a payment that answers as told. */
  private static final class Shop implements Dependencies {
    final Map<String, Integer> cart = new ConcurrentHashMap<>(Map.of("f95e2475", 2));
    final List<UUID> charges = new CopyOnWriteArrayList<>();
    final List<UUID> voids = new CopyOnWriteArrayList<>();
    volatile Supplier<ChargeOutcome> outcome = ChargeOutcome.Charged::new;
    volatile Future<ChargeOutcome> pending;
    volatile int clearFailures;

    @Override
    public Future<Cart> cart(String sessionId) {
      return Future.succeededFuture(new Cart(cart));
    }

    @Override
    public Future<Void> clearCart(String sessionId) {
      if (clearFailures > 0) {
        clearFailures--;
        return Future.failedFuture(new ServiceException(503, "cart-data is unavailable"));
      }
      cart.clear();
      return Future.succeededFuture();
    }

    @Override
    public Future<List<Order.Line>> price(Cart priced) {
      List<Order.Line> lines = new ArrayList<>();
      priced.lines().forEach((id, quantity) -> lines.add(new Order.Line(id, quantity, new BigDecimal("3.50"))));
      return Future.succeededFuture(lines);
    }

    @Override
    public Future<ChargeOutcome> charge(Order order, JsonObject card) {
      charges.add(order.orderId());
      return pending != null ? pending : Future.succeededFuture(outcome.get());
    }

    @Override
    public Future<Void> voidCharge(UUID orderId) {
      voids.add(orderId);
      return Future.succeededFuture();
    }

    @Override
    public Future<ChargeStatus> chargeStatus(UUID orderId) {
      return Future.succeededFuture(voids.contains(orderId) ? ChargeStatus.VOIDED
          : charges.contains(orderId) ? ChargeStatus.CHARGED : ChargeStatus.NONE);
    }
  }
}
