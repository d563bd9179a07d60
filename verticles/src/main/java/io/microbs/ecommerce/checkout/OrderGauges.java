package io.microbs.ecommerce.checkout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders by status for {@code /metrics}, read from PostgreSQL:
 * {@code ecommerce_orders{status}}, how many there are, and {@code ecommerce_orders_oldest_seconds{status}},
 * how long the oldest order still {@code pending} or {@code paid} has been so (0 when there is none),
 * which an alert reads to see orders stuck on the way. The orders on their way are counted every few
 * seconds, cheaply; counting every order reads the whole store, whose size a long load test keeps
 * growing, so that count is taken again only after a hundred times what it took (at least as often as
 * the others): at most 1% of a database core, however large the store. Every checkout instance reads
 * the same table, so across instances take the max, not the sum.
 */
final class OrderGauges {
  private static final Logger LOG = LoggerFactory.getLogger(OrderGauges.class);
  private static final long REFRESH_MILLIS = 5_000;
  /** The whole count waits this many times what it took before it is taken again. */
  private static final long COUNT_PACING = 100;

  private final OrderRepository orders;
  private volatile Map<OrderStatus, OrderRepository.StatusCount> unsettled = Map.of();
  private volatile Map<OrderStatus, OrderRepository.StatusCount> all = Map.of();
  /** When the whole count is due again ({@link System#nanoTime()}). */
  private long countAllAt = System.nanoTime();
  private boolean countingAll;

  private OrderGauges(OrderRepository orders) {
    this.orders = orders;
  }

  /** Registers the gauges and refreshes them on {@code vertx}'s timer until the calling verticle is undeployed. */
  static void start(Vertx vertx, OrderRepository orders) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return; // metrics are off in this Vert.x
    }
    OrderGauges gauges = new OrderGauges(orders);
    for (OrderStatus status : OrderStatus.values()) {
      Gauge.builder("ecommerce.orders", () -> gauges.of(status).orders())
          .description("Orders in each status, in the whole order store")
          .tag("status", status.wire())
          .register(registry);
    }
    for (OrderStatus status : OrderStatus.UNSETTLED) {
      Gauge.builder("ecommerce.orders.oldest", () -> gauges.of(status).oldestSeconds())
          .description("How long the oldest order still in this status has been in it")
          .baseUnit("seconds")
          .tag("status", status.wire())
          .register(registry);
    }
    vertx.setPeriodic(0, REFRESH_MILLIS, timer -> gauges.refresh());
  }

  private void refresh() {
    orders.countUnsettled()
        .onSuccess(counts -> unsettled = byStatus(counts))
        .onFailure(failure -> LOG.debug("order gauges not refreshed: " + failure.getMessage()));
    long started = System.nanoTime();
    if (!countingAll && started - countAllAt >= 0) {
      countingAll = true;
      orders.countByStatus()
          .onSuccess(counts -> all = byStatus(counts))
          .onFailure(failure -> LOG.debug("orders not counted: " + failure.getMessage()))
          .onComplete(counted -> {
            countingAll = false;
            countAllAt = started + (System.nanoTime() - started) * COUNT_PACING;
          });
    }
  }

  private static Map<OrderStatus, OrderRepository.StatusCount> byStatus(List<OrderRepository.StatusCount> counts) {
    return counts.stream().collect(Collectors.toMap(OrderRepository.StatusCount::status, count -> count));
  }

  private OrderRepository.StatusCount of(OrderStatus status) {
    return (OrderStatus.UNSETTLED.contains(status) ? unsettled : all).getOrDefault(status, new OrderRepository.StatusCount(status, 0, 0));
  }
}
