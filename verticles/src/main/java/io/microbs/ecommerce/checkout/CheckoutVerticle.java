package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.payment.api.ChargeOutcome;
import io.microbs.ecommerce.payment.api.ChargeStatus;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.Migrations;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.Readiness;
import io.microbs.ecommerce.platform.runtime.Config;
import io.microbs.ecommerce.platform.variants.PoolExhaustion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkout: {@code POST /process} turns the shopper's cart into an order, charges it, then empties
 * the cart; {@code GET /orders/<id>} shows an order. The order is written before the charge and its
 * status always tells the truth: {@code pending → paid → completed}, or {@code failed} (declined,
 * payment away or too slow), or {@code voided} (charged but not recordable, so the charge is taken back).
 * One {@code Idempotency-Key} (or {@code transaction_id}) from one shopper is one order and at most one charge, and
 * another request under the same key is refused. Without a key, only the same request (body and cart) again is a
 * repeat, answered with the first order's real state: while that order is pending, or paid within
 * {@link #REPEAT_WINDOW}, and never once an order completed since (it emptied the cart); after a failed one, the same
 * request is a new attempt. A session checks out one order at a time. A reconciler settles what a stopped checkout
 * left behind.
 */
public class CheckoutVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutVerticle.class);
  private static final List<String> MIGRATIONS =
      List.of("V1__create_orders.sql", "V2__settle_orders.sql", "V3__one_checkout_per_session.sql",
          "V4__index_orders_by_status.sql", "V5__digest_the_request.sql");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  /** How long the same request again without a key (a double click, a retry after a lost answer) is the first order. */
  private static final Duration REPEAT_WINDOW = Duration.ofSeconds(30);
  private static final long DUPLICATE_POLL_MILLIS = 100;
  private static final String READINESS = "orders";
  private static final String VOIDED = "the order could not be recorded, so its payment was voided; please try again";

  private final PgAddress productData;
  private final Config.Timeouts timeouts;
  private final Duration reconcileInterval;
  private final HealthChecks readiness;
  /** Checkouts in progress in this verticle, by shopper and key: a concurrent duplicate shares the first one's outcome. */
  private final Map<String, Future<ServiceResponse>> inFlight = new HashMap<>();
  private Pool pool;
  private OrderRepository orders;
  private Dependencies dependencies;
  private FollowUps followUps;
  private AutoCloseable heldConnections;
  private OrderReconciler reconciler;

  public CheckoutVerticle(PgAddress productData, Config.Timeouts timeouts, Duration reconcileInterval, HealthChecks readiness) {
    this.productData = productData;
    this.timeouts = timeouts;
    this.reconcileInterval = reconcileInterval;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    return Migrations.migratedPool(vertx, productData, 8, "checkout", MIGRATIONS)
        .compose(migrated -> {
          pool = migrated;
          orders = new OrderRepository(pool);
          dependencies = new Dependencies(vertx, timeouts);
          followUps = new FollowUps(vertx);
          heldConnections = PoolExhaustion.watch(vertx, pool, Service.CHECKOUT.serviceName());
          reconciler = new OrderReconciler(vertx, orders, dependencies, reconcileInterval);
          readiness.register(READINESS, 1_000, Readiness.answers(pool));
          OrderGauges.start(vertx, orders);
          return ServiceRouter.of(Service.CHECKOUT, config())
              .post("/process", this::placeOrder)
              .get("/orders/:orderId", this::showOrder)
              .listen(vertx);
        })
        .onSuccess(listening -> reconciler.start());
  }

  @Override
  public Future<?> stop() throws Exception {
    readiness.unregister(READINESS);
    if (heldConnections != null) {
      heldConnections.close();
    }
    Future<Void> settled = reconciler == null ? Future.succeededFuture() : reconciler.stop();
    return settled.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  private Future<ServiceResponse> placeOrder(ServiceRequest request) {
    JsonObject body = CheckoutBody.check(request.jsonObject());
    String sessionId = request.sessionId();
    Optional<String> givenKey = idempotencyKey(request, body);
    String key = givenKey.orElseGet(() -> UUID.randomUUID().toString());
    JsonObject card = body.getJsonObject("billing").getJsonObject("card");
    String shopperKey = sessionId + " " + key;
    Future<ServiceResponse> running = inFlight.get(shopperKey);
    if (running != null) {
      return running;
    }
    Attempt attempt = new Attempt(sessionId, key, givenKey.isPresent(), Order.requestDigest(sessionId, body), body, card);
    Future<Optional<Order>> earlier = givenKey.isPresent()
        ? orders.findByKey(sessionId, key)
        : Future.succeededFuture(Optional.empty()); // a key made up here is no one's yet
    Future<ServiceResponse> outcome = earlier
        .compose(existing -> existing.isPresent() ? answerTheSameKey(attempt, existing.get()) : newOrder(attempt))
        .andThen(done -> inFlight.remove(shopperKey));
    inFlight.put(shopperKey, outcome);
    return outcome;
  }

  /** One checkout request: whose, under which key (the shopper's own, or made up here), what it asked, what it pays with. */
  private record Attempt(String sessionId, String key, boolean keyGiven, String requestDigest, JsonObject body, JsonObject card) {
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
      case PENDING -> waitForSettlement(orderId, System.nanoTime() + timeouts.payment().plusSeconds(2).toNanos());
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

  private Future<ServiceResponse> showOrder(ServiceRequest request) {
    UUID orderId;
    try {
      orderId = UUID.fromString(request.param("orderId"));
    } catch (IllegalArgumentException e) {
      throw ServiceException.badRequest("order ids are UUIDs");
    }
    // A shopper (through the web gateway) sees their own orders only; any other is as absent as a made-up id.
    return orders.find(orderId, request.verifiedSessionId()).map(order -> ServiceResponse.ok(order
        .orElseThrow(() -> ServiceException.notFound("no order " + orderId)).toJson()));
  }

  /** The client's key for this checkout: the Idempotency-Key header, else the body's transaction_id; empty when it gave none. */
  private static Optional<String> idempotencyKey(ServiceRequest request, JsonObject body) {
    String key = request.header("idempotency-key");
    if (key == null && body.getValue("transaction_id") != null) {
      key = String.valueOf(body.getValue("transaction_id"));
    }
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ServiceException.badRequest("Idempotency-Key must be 1-100 letters, digits or _.:-");
    }
    return Optional.ofNullable(key);
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
