package io.microbs.ecommerce.webgateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether more prompt requests than a limit have stayed in flight for longer than a stall's burst
 * lasts. A stall (a collection, a core taken by another process) lets go of the requests it held all
 * at once, and they drain within milliseconds: refusing new visits the moment the count passes the
 * limit would turn visitors away well below capacity, at each such burst. {@link #PATIENCE} outlasts
 * such a burst and is short against an overload, which keeps the count up: an overload is refused
 * only that much later. Shared by the gateway's instances, lock-free.
 */
final class Crowding {
  static final Duration PATIENCE = Duration.ofMillis(10);
  private static final long NOT_CROWDED = Long.MIN_VALUE;

  private final int limit;
  private final long patienceNanos;
  private final LongSupplier nanoTime;
  /** When the count last went over the limit; {@link #NOT_CROWDED} while it is not. */
  private final AtomicLong crowdedSince = new AtomicLong(NOT_CROWDED);

  Crowding(int limit, Duration patience, LongSupplier nanoTime) {
    this.limit = limit;
    this.patienceNanos = patience.toNanos();
    this.nanoTime = nanoTime;
  }

  /** With {@code inFlight} prompt requests in flight now: whether they stayed over the limit beyond the patience. */
  boolean crowded(int inFlight) {
    if (inFlight <= limit) {
      if (crowdedSince.get() != NOT_CROWDED) {
        crowdedSince.set(NOT_CROWDED);
      }
      return false;
    }
    long now = nanoTime.getAsLong();
    long since = crowdedSince.get();
    if (since == NOT_CROWDED) {
      crowdedSince.compareAndSet(NOT_CROWDED, now);
      return false;
    }
    return now - since > patienceNanos;
  }
}
