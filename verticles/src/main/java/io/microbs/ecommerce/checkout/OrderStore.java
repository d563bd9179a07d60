package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The orders as placing one needs them. Every change of status is conditional on the status it starts from (false when
 * the order is not in it any more), and only moves {@link OrderStatus} allows are asked for.
 */
interface OrderStore {
  /**
   * Records a new pending order with its lines; empty when this shopper already has an order under this key, or one
   * this request repeats (only when {@code repeatWindow} is given), or a checkout still pending.
   */
  Future<Optional<Order>> open(String sessionId, String idempotencyKey, String requestDigest, List<Order.Line> lines,
      Optional<Duration> repeatWindow);

  Future<Optional<Order>> findByKey(String sessionId, String idempotencyKey);

  Future<Optional<Order>> find(UUID orderId);

  /** The shopper's earlier order that this request of these lines repeats, if any. */
  Future<Optional<Order>> findRepeat(String sessionId, String requestDigest, List<Order.Line> lines, Duration window);

  Future<Boolean> move(UUID orderId, OrderStatus from, OrderStatus to);

  /** Completes a paid order: its cart is cleared. */
  Future<Boolean> complete(UUID orderId);

  /** Marks an order failed, keeping the answer a retry under its key is given again. */
  Future<Boolean> fail(UUID orderId, OrderStatus from, ServiceResponse answer);
}
