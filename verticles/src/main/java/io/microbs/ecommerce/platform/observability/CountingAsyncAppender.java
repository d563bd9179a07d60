package io.microbs.ecommerce.platform.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logback's {@link AsyncAppender} with {@code neverBlock}, which drops a line silently when its queue is
 * full, counting those lines as {@code ecommerce_log_lines_dropped_total}: a shop too busy to write its log
 * says so in its metrics. A line that finds the queue full is counted and dropped here; one that loses a
 * race for the last place is dropped by Logback uncounted, so the count is a floor.
 */
public final class CountingAsyncAppender extends AsyncAppender {
  private static final AtomicLong DROPPED = new AtomicLong();

  @Override
  protected void append(ILoggingEvent event) {
    if (isStarted() && getRemainingCapacity() == 0) {
      DROPPED.incrementAndGet();
      return;
    }
    super.append(event);
  }

  /** The lines dropped in this JVM so far, by every appender of this kind. */
  public static long dropped() {
    return DROPPED.get();
  }

  public static void measure(MeterRegistry registry) {
    FunctionCounter.builder("ecommerce.log.lines.dropped", DROPPED, AtomicLong::get)
        .description("Log lines dropped because the queue to stdout was full")
        .register(registry);
  }
}
