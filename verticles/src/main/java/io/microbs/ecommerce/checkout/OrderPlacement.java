package io.microbs.ecommerce.checkout;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a checkout request becomes an order: the cart priced, the order written before the charge, then paid and
 * completed, or failed or voided, so that its status always tells the truth about its charge (see
 * {@link CheckoutVerticle} for the rules of keys and repeats). It knows the order store and the other services only
 * through {@link OrderStore} and {@link Dependencies}, so it runs without a shop.
 */
final class OrderPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);
  /** How long the same request again without a key (a double click, a retry after a lost answer) is the first order. */
  static final Duration REPEAT_WINDOW = Duration.ofSeconds(30);
  private static final long DUPLICATE_POLL_MILLIS = 100;
  static final String VOIDED = "the order could not be recorded, so its payment was voided; please try again";

  private final Vertx vertx;
  private final OrderStore orders;
  private final Dependencies dependencies;
  private final FollowUps followUps;
  /** How long a repeat waits for the order it repeats to settle: as long as that one's charge may take, and more. */
  private final Duration settlementPatience;
  /** Checkouts in progress here, by shopper and key: a concurrent duplicate shares the first one's outcome. */
  private final Map<String, Future<ServiceResponse>> inFlight = new HashMap<>();

  OrderPlacement(Vertx vertx, OrderStore orders, Dependencies dependencies, Duration paymentTimeout) {
    this.vertx = vertx;
    this.orders = orders;
    this.dependencies = dependencies;
    this.followUps = new FollowUps(vertx);
    this.settlementPatience = paymentTimeout.plusSeconds(2);
  }

  /** One checkout request: whose, under which key (the shopper's own, or made up here), what it asked, what it pays with. */
  record Attempt(String sessionId, String key, boolean keyGiven, String requestDigest, JsonObject body, JsonObject card) {
  }

  /** The answer to {@code attempt}: a new order, or the one it repeats, as it stands. */
  Future<ServiceResponse> place(Attempt attempt) {
    String shopperKey = attempt.sessionId() + " " + attempt.key();
    Future<ServiceResponse> running = inFlight.get(shopperKey);
    if (running != null) {
      return running;
    }
    Future<Optional<Order>> earlier = attempt.keyGiven()
        ? orders.findByKey(attempt.sessionId(), attempt.key())
        : Future.succeededFuture(Optional.empty()); // a key made up here is no one's yet
    // In flight before any work starts, and out of it before its answer is given, even when the work ends at once.
    Promise<ServiceResponse> outcome = Promise.promise();
    inFlight.put(shopperKey, outcome.future());
    earlier.compose(existing -> existing.isPresent() ? answerTheSameKey(attempt, existing.get()) : newOrder(attempt))
        .onComplete(done -> {
          inFlight.remove(shopperKey);
          outcome.handle(done);
        });
    return outcome.future();
  }

  /** The order under the attempt's key: answered again when this is the same request, refused when it is another one. */
  private Future<ServiceResponse> answerTheSameKey(Attempt attempt, Order order) {
    if (order.requestDigest() != null && !order.requestDigest().equals(attempt.requestDigest())) {
      return Future.failedFuture(new ServiceException(422,
          "this Idempotency-Key was used for another request; use a new key for a new checkout"));
    }
    return answerAgain(order);
  }

  private Future<ServiceResponse> newOrder(Attempt attempt) {
    return dependencies.cart(attempt.sessionId())
        .compose(cart -> {
          if (cart.isEmpty()) {
            throw ServiceException.badRequest("the cart is empty");
          }
          return dependencies.price(cart);
        })
        .compose(lines -> openOrder(attempt, lines));
  }

  private Future<ServiceResponse> openOrder(Attempt attempt, List<Order.Line> lines) {
    // Without a key, the same request a moment ago (a double click) is that order again.
    Optional<Duration> repeatWindow = attempt.keyGiven() ? Optional.empty() : Optional.of(REPEAT_WINDOW);
    return orders.open(attempt.sessionId(), attempt.key(), attempt.requestDigest(), lines, repeatWindow).compose(created -> {
      if (created.isPresent()) {
        warnIfTheClientPricedDifferently(created.get(), attempt.body().getValue("amount"));
        return charge(created.get(), attempt.sessionId(), attempt.card());
      }
      // Another attempt of this shopper came first, maybe in another JVM: the same one again, or a different one.
      if (attempt.keyGiven()) {
        return orders.findByKey(attempt.sessionId(), attempt.key()).compose(order -> order.isPresent()
            ? answerTheSameKey(attempt, order.get())
            : anotherCheckoutInProgress());
      }
      return orders.findRepeat(attempt.sessionId(), attempt.requestDigest(), lines, REPEAT_WINDOW)
          .compose(order -> order.isPresent() ? answerAgain(order.get()) : anotherCheckoutInProgress());
    });
  }

  private static Future<ServiceResponse> anotherCheckoutInProgress() {
    return Future.failedFuture(new ServiceException(409, "another checkout of this session is in progress"));
  }

  private Future<ServiceResponse> charge(Order order, String sessionId, JsonObject card) {
    UUID orderId = order.orderId();
    return dependencies.charge(order, card).compose(outcome -> {
      if (outcome instanceof ChargeOutcome.Charged) {
        return recordPaid(order, sessionId);
      }
      if (outcome instanceof ChargeOutcome.Refused refused) { // its answer, as payment gave it
        return orders.fail(orderId, OrderStatus.PENDING, refused.answer()).map(recorded -> refused.answer());
      }
      if (outcome instanceof ChargeOutcome.Unknown unknown) {
        // The processor may have charged before we stopped waiting, or may yet: take it back, or refuse it in advance.
        followUps.retry("void the unanswered charge of order " + orderId, () -> dependencies.voidCharge(orderId));
        return failOrder(orderId, unknown.failure());
      }
      return failOrder(orderId, ((ChargeOutcome.Unavailable) outcome).failure());
    });
  }

  private Future<ServiceResponse> failOrder(UUID orderId, ServiceException failure) {
    return orders.fail(orderId, OrderStatus.PENDING, failure.toResponse()).transform(recorded -> Future.failedFuture(failure));
  }

  private Future<ServiceResponse> recordPaid(Order order, String sessionId) {
    return orders.move(order.orderId(), OrderStatus.PENDING, OrderStatus.PAID).transform(paid -> paid.succeeded() && paid.result()
        ? emptyCart(order, sessionId).map(completed -> placed(order.orderId()))
        : compensate(order, paid.failed() ? paid.cause() : new IllegalStateException("the order is no longer pending")));
  }

  /**
   * The charge went through but the order could not be marked paid: void the charge, then record the
   * order voided, from pending or from paid, should the update that timed out have landed after all.
   */
  private Future<ServiceResponse> compensate(Order order, Throwable unrecorded) {
    UUID orderId = order.orderId();
    LOG.warn("order " + orderId + " was charged but could not be recorded as paid; voiding the charge");
    followUps.retry("void the charge of order " + orderId, () -> dependencies.voidCharge(orderId))
        .compose(voided -> followUps.retry("record order " + orderId + " as voided",
            () -> orders.move(orderId, OrderStatus.PENDING, OrderStatus.VOIDED)
                .compose(moved -> moved ? Future.succeededFuture(true) : orders.move(orderId, OrderStatus.PAID, OrderStatus.VOIDED))));
    return Future.failedFuture(new ServiceException(503, VOIDED, unrecorded));
  }

  /**
   * Clears the cart and completes the order; when the cart can't be cleared now, that is retried and the order stays paid.
   * A cart that refuses the clear (403, as behind the reference's nginx-failure) is answered as the reference did: the
   * refusal, although the payment went through.
   */
  private Future<Void> emptyCart(Order order, String sessionId) {
    return dependencies.clearCart(sessionId)
        .compose(cleared -> orders.complete(order.orderId()))
        .<Void>mapEmpty()
        .recover(notYet -> {
          LOG.warn("order " + order.orderId() + " is paid but its cart could not be cleared yet: " + notYet.getMessage());
          followUps.retry("clear the cart of order " + order.orderId(), () -> dependencies.clearCart(sessionId)
              .compose(cleared -> orders.complete(order.orderId())));
          return notYet instanceof ServiceException refused && refused.status() == 403
              ? Future.failedFuture(new ServiceException(403, "the order " + order.orderId() + " is paid, but " + refused.getMessage()))
              : Future.succeededFuture();
        });
  }

  /**
   * The answer for an order that already exists: the same outcome again. One still pending belongs
   * to an attempt running elsewhere (another JVM): wait for it to settle.
   */
  private Future<ServiceResponse> answerAgain(Order order) {
    UUID orderId = order.orderId();
    return switch (order.status()) {
      case COMPLETED -> Future.succeededFuture(placed(orderId));
      // Paid but not completed: its charge may be being voided (the paid update landed after its checkout gave up).
      case PAID -> dependencies.chargeStatus(orderId).map(charge -> {
        if (charge != ChargeStatus.CHARGED) {
          throw new ServiceException(503, VOIDED);
        }
        return placed(orderId);
      });
      case FAILED -> Future.succeededFuture(order.failure());
      case VOIDED -> Future.failedFuture(new ServiceException(503, VOIDED));
      case PENDING -> waitForSettlement(orderId, System.nanoTime() + settlementPatience.toNanos());
    };
  }

  private Future<ServiceResponse> waitForSettlement(UUID orderId, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      return Future.failedFuture(new ServiceException(409, "a checkout with this key is still in progress"));
    }
    Promise<Void> pause = Promise.promise();
    vertx.setTimer(DUPLICATE_POLL_MILLIS, timer -> pause.complete());
    return pause.future()
        .compose(waited -> orders.find(orderId))
        .compose(order -> order.map(Order::status).orElse(OrderStatus.PENDING) == OrderStatus.PENDING
            ? waitForSettlement(orderId, deadline)
            : answerAgain(order.get()));
  }

  private static void warnIfTheClientPricedDifferently(Order order, Object amount) {
    if (amount instanceof Number number
        && BigDecimal.valueOf(number.doubleValue()).subtract(order.total()).abs().compareTo(new BigDecimal("0.005")) > 0) {
      LOG.warn("order " + order.orderId() + ": the client's amount " + number + " differs from the total " + order.total()
          + "; the order is charged its total");
    }
  }

  private static ServiceResponse placed(UUID orderId) {
    return ServiceResponse.ok(new JsonObject().put("message", "success").put("order_id", orderId.toString()));
  }

}
