package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.Migrations;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checkout: {@code POST /process} turns the shopper's cart into an order, charges it, then empties
 * the cart; {@code GET /orders/<id>} shows an order. The order is written before the charge and its
 * status always tells the truth: {@code pending → paid → completed}, or {@code failed} (declined,
 * payment away or too slow), or {@code voided} (charged but not recordable, so the charge is taken back).
 * One {@code Idempotency-Key} (or {@code transaction_id}) from one shopper is one order and at most one charge, and
 * another request under the same key is refused. Without a key, only the same request (body and cart) again is a
 * repeat, answered with the first order's real state: while that order is pending, or paid within
 * {@link OrderPlacement#REPEAT_WINDOW}, and never once an order completed since (it emptied the cart); after a failed one, the same
 * request is a new attempt. A session checks out one order at a time. A reconciler settles what a stopped checkout
 * left behind.
 */
public class CheckoutVerticle extends VerticleBase {
  private static final List<String> MIGRATIONS =
      List.of("V1__create_orders.sql", "V2__settle_orders.sql", "V3__one_checkout_per_session.sql",
          "V4__index_orders_by_status.sql", "V5__digest_the_request.sql");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final String READINESS = "orders";

  private final PgAddress productData;
  private final CallTimeouts timeouts;
  private final CheckoutSettings settings;
  private final HealthChecks readiness;
  private Pool pool;
  private OrderRepository orders;
  private OrderPlacement placement;
  private AutoCloseable heldConnections;
  private OrderReconciler reconciler;

  public CheckoutVerticle(PgAddress productData, CallTimeouts timeouts, CheckoutSettings settings, HealthChecks readiness) {
    this.productData = productData;
    this.timeouts = timeouts;
    this.settings = settings;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    return Migrations.migratedPool(vertx, productData, 8, "checkout", MIGRATIONS)
        .compose(migrated -> {
          pool = migrated;
          orders = new OrderRepository(pool);
          Dependencies dependencies = new BusDependencies(vertx, timeouts);
          placement = new OrderPlacement(vertx, orders, dependencies, timeouts.payment());
          heldConnections = CheckoutFaults.watch(vertx, pool);
          reconciler = new OrderReconciler(vertx, orders, dependencies, settings.reconcileInterval());
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
    return placement.place(new OrderPlacement.Attempt(sessionId, givenKey.orElseGet(() -> UUID.randomUUID().toString()),
        givenKey.isPresent(), Order.requestDigest(sessionId, body), body, body.getJsonObject("billing").getJsonObject("card")));
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

}
