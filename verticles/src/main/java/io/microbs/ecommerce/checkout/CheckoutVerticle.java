package io.microbs.ecommerce.checkout;

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
import io.vertx.core.AsyncResult;
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
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Checkout: {@code POST /process} turns the shopper's cart into an order, charges it, then empties
 * the cart; {@code GET /orders/<id>} shows an order. The order is written before the charge and its
 * status always tells the truth: {@code pending → paid → completed}, or {@code failed} (declined,
 * payment away or too slow), or {@code voided} (charged but not recordable, so the charge is taken back).
 * One {@code Idempotency-Key} (or {@code transaction_id}) from one shopper is one order and at most one charge;
 * without a key, the same cart again within {@link #REPEAT_WINDOW} is the first order again, and a
 * session checks out one order at a time. A reconciler settles what a stopped checkout left behind.
 */
public class CheckoutVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(CheckoutVerticle.class.getName());
  private static final List<String> MIGRATIONS =
      List.of("V1__create_orders.sql", "V2__settle_orders.sql", "V3__one_checkout_per_session.sql",
          "V4__index_orders_by_status.sql");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  /** How long a repeat of the same cart without a key (a double click, a retry after a lost answer) is the first order. */
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
          heldConnections = CheckoutFaults.watch(vertx, pool);
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
    Future<Optional<Order>> earlier = givenKey.isPresent()
        ? orders.findByKey(sessionId, key)
        : Future.succeededFuture(Optional.empty()); // a key made up here is no one's yet
    Future<ServiceResponse> outcome = earlier
        .compose(existing -> existing.isPresent()
            ? answerAgain(existing.get())
            : newOrder(new Attempt(sessionId, key, givenKey.isPresent(), body, card)))
        .andThen(done -> inFlight.remove(shopperKey));
    inFlight.put(shopperKey, outcome);
    return outcome;
  }

  /** One checkout request: whose, under which key (the shopper's own, or made up here), and what it pays with. */
  private record Attempt(String sessionId, String key, boolean keyGiven, JsonObject body, JsonObject card) {
  }

  private Future<ServiceResponse> newOrder(Attempt attempt) {
    return dependencies.cart(attempt.sessionId())
        .compose(quantities -> {
          if (quantities.isEmpty()) {
            throw ServiceException.badRequest("the cart is empty");
          }
          return dependencies.price(quantities);
        })
        .compose(lines -> openOrder(attempt, lines));
  }

  private Future<ServiceResponse> openOrder(Attempt attempt, List<Order.Line> lines) {
    // Without a key, the same cart ordered a moment ago (a double click) is that order again.
    Duration repeatWindow = attempt.keyGiven() ? Duration.ZERO : REPEAT_WINDOW;
    return orders.open(attempt.sessionId(), attempt.key(), lines, repeatWindow).compose(created -> {
      if (created.isPresent()) {
        warnIfTheClientPricedDifferently(created.get(), attempt.body().getValue("amount"));
        return charge(created.get(), attempt.sessionId(), attempt.card());
      }
      // Another attempt of this shopper came first, maybe in another JVM: the same one again, or a different one.
      Future<Optional<Order>> first = attempt.keyGiven()
          ? orders.findByKey(attempt.sessionId(), attempt.key())
          : orders.findRepeat(attempt.sessionId(), lines, REPEAT_WINDOW);
      return first.compose(order -> order.isPresent()
          ? answerAgain(order.get())
          : Future.failedFuture(new ServiceException(409, "another checkout of this session is in progress")));
    });
  }

  private Future<ServiceResponse> charge(Order order, String sessionId, JsonObject card) {
    UUID orderId = order.orderId();
    return dependencies.charge(order, card).transform(charged -> {
      if (charged.succeeded() && charged.result().isSuccess()) {
        return recordPaid(order, sessionId);
      }
      if (mayHaveCharged(charged)) {
        // The processor may have charged before we stopped waiting, or may yet: take it back, or refuse it in advance.
        followUps.retry("void the unanswered charge of order " + orderId, () -> dependencies.voidCharge(orderId));
      }
      if (charged.failed()) {
        ServiceException failure = (ServiceException) charged.cause();
        return orders.fail(orderId, Order.PENDING, failure.toResponse()).transform(recorded -> Future.failedFuture(failure));
      }
      // declined, or a card the processor can't read: its answer, as it gave it
      ServiceResponse payment = charged.result();
      return orders.fail(orderId, Order.PENDING, payment).map(recorded -> payment);
    });
  }

  /** Payment did not answer in time, or failed on its side: a charge may exist or be on its way. */
  private static boolean mayHaveCharged(AsyncResult<ServiceResponse> charged) {
    return charged.failed() ? ((ServiceException) charged.cause()).status() == 504 : charged.result().status() >= 500;
  }

  private Future<ServiceResponse> recordPaid(Order order, String sessionId) {
    return orders.move(order.orderId(), Order.PENDING, Order.PAID).transform(paid -> paid.succeeded() && paid.result()
        ? emptyCart(order, sessionId).map(completed -> placed(order.orderId()))
        : compensate(order, paid.failed() ? paid.cause() : new IllegalStateException("the order is no longer pending")));
  }

  /**
   * The charge went through but the order could not be marked paid: void the charge, then record the
   * order voided, from pending or from paid, should the update that timed out have landed after all.
   */
  private Future<ServiceResponse> compensate(Order order, Throwable unrecorded) {
    UUID orderId = order.orderId();
    LOG.warning("order " + orderId + " was charged but could not be recorded as paid; voiding the charge");
    followUps.retry("void the charge of order " + orderId, () -> dependencies.voidCharge(orderId))
        .compose(voided -> followUps.retry("record order " + orderId + " as voided",
            () -> orders.move(orderId, Order.PENDING, Order.VOIDED)
                .compose(moved -> moved ? Future.succeededFuture(true) : orders.move(orderId, Order.PAID, Order.VOIDED))));
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
          LOG.warning("order " + order.orderId() + " is paid but its cart could not be cleared yet: " + notYet.getMessage());
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
      case Order.COMPLETED -> Future.succeededFuture(placed(orderId));
      // Paid but not completed: its charge may be being voided (the paid update landed after its checkout gave up).
      case Order.PAID -> dependencies.chargeStatus(orderId).map(charge -> {
        if (charge != ChargeStatus.CHARGED) {
          throw new ServiceException(503, VOIDED);
        }
        return placed(orderId);
      });
      case Order.FAILED -> Future.succeededFuture(order.failure());
      case Order.VOIDED -> Future.failedFuture(new ServiceException(503, VOIDED));
      default -> waitForSettlement(orderId, System.nanoTime() + timeouts.payment().plusSeconds(2).toNanos());
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
        .compose(order -> order.map(Order::status).orElse(Order.PENDING).equals(Order.PENDING)
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
      LOG.warning("order " + order.orderId() + ": the client's amount " + number + " differs from the total " + order.total()
          + "; the order is charged its total");
    }
  }

  private static ServiceResponse placed(UUID orderId) {
    return ServiceResponse.ok(new JsonObject().put("message", "success").put("order_id", orderId.toString()));
  }

}
