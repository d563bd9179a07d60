package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.payment.api.ChargeStatus;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles orders against payment's record of charges, at start and every {@code interval}: each
 * order unchanged for an interval and not checked since it last changed. An order is paid or
 * completed exactly when its charge is held; anything else is put right, the order first (a
 * conditional move: a checkout still at work on it then loses cleanly and answers so), then the
 * charge, so that no charge stays behind a failed or voided order.
 */
final class OrderReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(OrderReconciler.class);
  private static final int PAGE = 100;
  /** In a JVM that runs every service, payment is deployed after checkout: the first pass waits for it. */
  private static final long FIRST_PASS_DELAY_MILLIS = 2_000;
  /** The answer a retry of an order settled without a charge is given. */
  private static final ServiceResponse UNFINISHED = ServiceResponse.failure(503, "the checkout did not finish; please try again");

  private final Vertx vertx;
  private final OrderRepository orders;
  private final Dependencies dependencies;
  private final Duration interval;
  private Future<Void> pass = Future.succeededFuture();
  private long timer;
  private boolean stopped;

  OrderReconciler(Vertx vertx, OrderRepository orders, Dependencies dependencies, Duration interval) {
    this.vertx = vertx;
    this.orders = orders;
    this.dependencies = dependencies;
    this.interval = interval;
  }

  void start() {
    timer = vertx.setPeriodic(FIRST_PASS_DELAY_MILLIS, interval.toMillis(), tick -> settleNow());
  }

  /** Stops taking passes; completes once the one at work has finished its current order. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return pass.otherwiseEmpty();
  }

  private void settleNow() {
    if (pass.isComplete()) { // else the previous pass is still at work
      pass = settleAfter(OrderRepository.Unchecked.BEFORE_ALL)
          .onFailure(failure -> LOG.warn("orders could not be settled this time: " + failure.getMessage()));
    }
  }

  /** Page after page of unchecked orders, each page from where the last one ended. */
  private Future<Void> settleAfter(OrderRepository.Unchecked last) {
    return orders.unchecked(interval, last, PAGE).compose(page -> settle(page)
        .compose(settled -> page.size() == PAGE && !stopped ? settleAfter(page.get(PAGE - 1)) : Future.succeededFuture()));
  }

  private Future<Void> settle(List<OrderRepository.Unchecked> page) {
    Future<Void> chain = Future.succeededFuture();
    for (OrderRepository.Unchecked order : page) {
      chain = chain.compose(previous -> stopped ? Future.succeededFuture() : settle(order));
    }
    return chain;
  }

  private Future<Void> settle(OrderRepository.Unchecked order) {
    UUID orderId = order.orderId();
    return dependencies.chargeStatus(orderId).compose(charge -> {
      boolean held = charge == ChargeStatus.CHARGED;
      return switch (order.status()) {
        // Left pending: its checkout stopped (a crash, a stalled database). What it charged is taken back.
        case PENDING -> putRight(order, charge, held ? OrderStatus.VOIDED : OrderStatus.FAILED);
        case PAID, COMPLETED -> held ? orders.markChecked(order)
            : putRight(order, charge, charge == ChargeStatus.VOIDED ? OrderStatus.VOIDED : OrderStatus.FAILED);
        default -> held
            ? dependencies.voidCharge(orderId).compose(voided -> orders.markChecked(order)).onSuccess(voided ->
                LOG.warn("order " + orderId + " is " + order.status().wire() + " but was charged: voided the charge"))
            : orders.markChecked(order);
      };
    });
  }

  /** Moves the order to what its charge says, if it has not moved since it was read, then makes sure nothing stays charged. */
  private Future<Void> putRight(OrderRepository.Unchecked order, ChargeStatus charge, OrderStatus to) {
    Future<Boolean> moved = to == OrderStatus.FAILED
        ? orders.fail(order.orderId(), order.status(), UNFINISHED)
        : orders.move(order.orderId(), order.status(), to);
    return moved.compose(done -> {
      if (!done) {
        return Future.succeededFuture(); // it moved meanwhile: the next pass looks at it again
      }
      LOG.warn("order " + order.orderId() + " was " + order.status().wire() + " with its charge "
          + charge.name().toLowerCase() + ": now " + to.wire());
      // with no charge yet, the void refuses one still on its way
      return dependencies.voidCharge(order.orderId());
    });
  }
}
