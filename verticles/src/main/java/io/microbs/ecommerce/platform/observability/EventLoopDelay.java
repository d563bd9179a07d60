package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late each event loop runs a task due every 100 ms, as {@code ecommerce_event_loop_delay_seconds{loop}}:
 * Vert.x only warns about a blocked thread in the log; this makes a loop blocked by code or starved of
 * CPU a series an alert reads. The task runs at a fixed rate, so after a stall the ticks it missed run
 * at once, each as late as it was: the share of ticks later than a bound is the share of time the loop
 * was stalled for longer than that.
 */
public final class EventLoopDelay {
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private EventLoopDelay() {
  }

  /** Starts measuring every event loop of {@code vertx}; it stops with the loops when Vert.x closes. */
  public static void measure(Vertx vertx, MeterRegistry registry) {
    int index = 0;
    // the loops themselves: Vert.x's public API hands out contexts, which do not say which loop they run on
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer delay = Timer.builder("ecommerce.event.loop.delay")
          .description("How late a task due every 100 ms ran on this event loop")
          .tag("loop", Integer.toString(index++))
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
      long start = System.nanoTime();
      AtomicLong ticks = new AtomicLong();
      loop.scheduleAtFixedRate(() -> {
        long due = start + ticks.incrementAndGet() * PERIOD_NANOS;
        delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      }, PERIOD_NANOS, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }
  }
}
