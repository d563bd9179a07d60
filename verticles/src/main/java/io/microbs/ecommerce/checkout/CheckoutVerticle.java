package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.Migrations;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.Readiness;
import io.microbs.ecommerce.platform.runtime.Config;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Checkout: {@code POST /process} turns the shopper's cart into an order, charges it, then empties
 * the cart; {@code GET /orders/<id>} shows an order. The order is written before the charge and its
 * status always tells the truth: {@code pending → paid → completed}, or {@code failed} (declined,
 * payment away or too slow), or {@code voided} (charged but not recordable, so the charge is taken back).
 * One {@code Idempotency-Key} (or {@code transaction_id}) from one shopper is one order and at most one charge.
 */
public class CheckoutVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(CheckoutVerticle.class.getName());
  private static final List<String> MIGRATIONS = List.of("V1__create_orders.sql", "V2__index_orders_by_status.sql");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final long DUPLICATE_POLL_MILLIS = 100;
  private static final String READINESS = "orders";

  private final PgAddress productData;
  private final Config.Timeouts timeouts;
  private final HealthChecks readiness;
  /** Checkouts in progress in this verticle, by shopper and key: a concurrent duplicate shares the first one's outcome. */
  private final Map<String, Future<ServiceResponse>> inFlight = new HashMap<>();
  private Pool pool;
  private OrderRepository orders;
  private Dependencies dependencies;
  private FollowUps followUps;

  public CheckoutVerticle(PgAddress productData, Config.Timeouts timeouts, HealthChecks readiness) {
    this.productData = productData;
    this.timeouts = timeouts;
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
          readiness.register(READINESS, 1_000, Readiness.answers(pool));
          OrderGauges.start(vertx, orders);
          return ServiceRouter.of(Service.CHECKOUT, config())
              .post("/process", this::placeOrder)
              .get("/orders/:orderId", this::showOrder)
              .listen(vertx);
        });
  }

  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<ServiceResponse> placeOrder(ServiceRequest request) {
    String sessionId = request.sessionId();
    JsonObject body = request.jsonObject();
    String key = idempotencyKey(request, body);
    JsonObject card = body.getJsonObject("billing", new JsonObject()).getJsonObject("card", new JsonObject());
    String shopperKey = sessionId + " " + key;
    Future<ServiceResponse> running = inFlight.get(shopperKey);
    if (running != null) {
      return running;
    }
    Future<ServiceResponse> outcome = orders.findByKey(sessionId, key)
        .compose(existing -> existing.isPresent()
            ? answerAgain(existing.get(), sessionId, key)
            : newOrder(sessionId, key, body, card))
        .andThen(done -> inFlight.remove(shopperKey));
    inFlight.put(shopperKey, outcome);
    return outcome;
  }

  private Future<ServiceResponse> newOrder(String sessionId, String key, JsonObject body, JsonObject card) {
    return dependencies.cart(sessionId)
        .compose(quantities -> {
          if (quantities.isEmpty()) {
            throw ServiceException.badRequest("the cart is empty");
          }
          return dependencies.price(quantities);
        })
        .compose(lines -> orders.open(sessionId, key, lines))
        .compose(created -> {
          if (created.isEmpty()) {
            return orders.findByKey(sessionId, key).compose(other -> answerAgain(other.orElseThrow(), sessionId, key));
          }
          warnIfTheClientPricedDifferently(created.get(), body.getValue("amount"));
          return charge(created.get(), sessionId, card);
        });
  }

  private Future<ServiceResponse> charge(Order order, String sessionId, JsonObject card) {
    return dependencies.charge(order, card).transform(charged -> {
      if (charged.failed()) {
        ServiceException failure = (ServiceException) charged.cause();
        if (failure.status() == 504) {
          // The processor may have charged before we stopped waiting: take it back to be sure.
          followUps.retry("void the unanswered charge of order " + order.orderId(), () -> dependencies.voidCharge(order.orderId()));
        }
        return orders.fail(order.orderId(), failure.toResponse()).transform(recorded -> Future.failedFuture(failure));
      }
      ServiceResponse payment = charged.result();
      if (!payment.isSuccess()) {
        // declined, or a card the processor can't read: its answer, as it gave it
        return orders.fail(order.orderId(), payment).map(recorded -> payment);
      }
      return orders.move(order.orderId(), Order.PENDING, Order.PAID)
          .recover(unrecorded -> compensate(order, unrecorded))
          .compose(paid -> emptyCart(order, sessionId))
          .map(completed -> placed(order.orderId()));
    });
  }

  /** The charge went through but the order could not be marked paid: void the charge, and record that once we can. */
  private Future<Void> compensate(Order order, Throwable unrecorded) {
    LOG.warning("order " + order.orderId() + " was charged but could not be recorded as paid; voiding the charge");
    followUps.retry("void the charge of order " + order.orderId(), () -> dependencies.voidCharge(order.orderId()))
        .compose(voided -> followUps.retry("record order " + order.orderId() + " as voided",
            () -> orders.move(order.orderId(), Order.PENDING, Order.VOIDED)));
    return Future.failedFuture(new ServiceException(503,
        "the order could not be recorded, so its payment was voided; please try again", unrecorded));
  }

  /** Clears the cart and completes the order; when the cart can't be cleared now, that is retried and the order stays paid. */
  private Future<Void> emptyCart(Order order, String sessionId) {
    return dependencies.clearCart(sessionId)
        .compose(cleared -> orders.move(order.orderId(), Order.PAID, Order.COMPLETED))
        .recover(notYet -> {
          LOG.warning("order " + order.orderId() + " is paid but its cart could not be cleared yet: " + notYet.getMessage());
          followUps.retry("clear the cart of order " + order.orderId(), () -> dependencies.clearCart(sessionId)
              .compose(cleared -> orders.move(order.orderId(), Order.PAID, Order.COMPLETED)));
          return Future.succeededFuture();
        });
  }

  /**
   * The answer for an order that already exists under this key: the same outcome again. One still
   * pending belongs to an attempt running elsewhere (another JVM): wait for it to settle.
   */
  private Future<ServiceResponse> answerAgain(Order order, String sessionId, String key) {
    return switch (order.status()) {
      case Order.PAID, Order.COMPLETED -> Future.succeededFuture(placed(order.orderId()));
      case Order.FAILED -> Future.succeededFuture(order.failure());
      case Order.VOIDED -> Future.failedFuture(new ServiceException(503,
          "the order could not be recorded, so its payment was voided; please try again"));
      default -> waitForSettlement(sessionId, key, System.nanoTime() + timeouts.payment().plusSeconds(2).toNanos());
    };
  }

  private Future<ServiceResponse> waitForSettlement(String sessionId, String key, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      return Future.failedFuture(new ServiceException(409, "a checkout with this key is still in progress"));
    }
    Promise<Void> pause = Promise.promise();
    vertx.setTimer(DUPLICATE_POLL_MILLIS, timer -> pause.complete());
    return pause.future()
        .compose(waited -> orders.findByKey(sessionId, key))
        .compose(order -> order.map(Order::status).orElse(Order.PENDING).equals(Order.PENDING)
            ? waitForSettlement(sessionId, key, deadline)
            : answerAgain(order.get(), sessionId, key));
  }

  private Future<ServiceResponse> showOrder(ServiceRequest request) {
    UUID orderId;
    try {
      orderId = UUID.fromString(request.param("orderId"));
    } catch (IllegalArgumentException e) {
      throw ServiceException.badRequest("order ids are UUIDs");
    }
    return orders.find(orderId).map(order -> ServiceResponse.ok(order
        .orElseThrow(() -> ServiceException.notFound("no order " + orderId)).toJson()));
  }

  /** The client's key for this checkout: the Idempotency-Key header, else the body's transaction_id, else a new one. */
  private static String idempotencyKey(ServiceRequest request, JsonObject body) {
    String key = request.header("idempotency-key");
    if (key == null && body.getValue("transaction_id") != null) {
      key = String.valueOf(body.getValue("transaction_id"));
    }
    if (key == null) {
      return UUID.randomUUID().toString();
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ServiceException.badRequest("Idempotency-Key must be 1-100 letters, digits or _.:-");
    }
    return key;
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
