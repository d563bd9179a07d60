package io.microbs.ecommerce.webgateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the gateway is past its capacity, read as CoDel reads a queue: from the quickest answer it
 * gave over an interval (stretched until it holds {@link #ANSWERS} answers, so that a few slow ones
 * of a quiet or cold gateway decide nothing). While even the quickest took longer than the target,
 * requests are waiting (for a CPU, a pool, a data service) rather than being worked on; the gateway
 * then refuses new visits, so that the visits under way finish instead of all of them slowing into
 * timeouts, until an interval's quickest answer is back under the target. Without a decision for two
 * intervals it stops refusing (nothing says it is overloaded any more). Shared by the gateway's
 * instances, lock-free.
 */
final class Overload {
  static final int ANSWERS = 10;

  private final long targetNanos;
  private final long intervalNanos;
  private final AtomicLong intervalStarted = new AtomicLong(System.nanoTime());
  private final AtomicLong quickest = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger answers = new AtomicInteger();
  private volatile boolean quickestWasLate;

  Overload(Duration target, Duration interval) {
    this.targetNanos = target.toNanos();
    this.intervalNanos = interval.toNanos();
  }

  /** An answer that took {@code elapsedNanos}; the one that ends an interval decides about the next. */
  void answered(long elapsedNanos) {
    quickest.accumulateAndGet(elapsedNanos, Math::min);
    long now = System.nanoTime();
    long started = intervalStarted.get();
    if (answers.incrementAndGet() >= ANSWERS && now - started >= intervalNanos && intervalStarted.compareAndSet(started, now)) {
      answers.set(0);
      quickestWasLate = quickest.getAndSet(Long.MAX_VALUE) > targetNanos;
    }
  }

  /** True while new visits should be refused. */
  boolean isOverloaded() {
    return quickestWasLate && System.nanoTime() - intervalStarted.get() < 2 * intervalNanos;
  }
}
