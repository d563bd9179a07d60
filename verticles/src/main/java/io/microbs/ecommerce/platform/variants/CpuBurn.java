package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code cpu-burn} variant in a JVM that runs its service: every 100 ms a worker thread spins
 * for {@code share} of those 100 ms. No thread of its own and nothing on an event loop; a slice still
 * running when the next is due (the cores are saturated) is skipped rather than queued.
 */
public final class CpuBurn {
  private static final long SLICE_MILLIS = 100;

  private final Vertx vertx;
  private final Snapshot snapshot;
  private final AtomicBoolean burning = new AtomicBoolean();
  private long timer = -1;
  private double share;

  CpuBurn(Vertx vertx, Snapshot snapshot) {
    this.vertx = vertx;
    this.snapshot = snapshot;
  }

  void apply() {
    double wanted = snapshot.activeHere(Variant.CPU_BURN).map(on -> on.number("share")).orElse(0.0);
    if (wanted == share) {
      return;
    }
    stop();
    share = wanted;
    if (wanted > 0) {
      long sliceNanos = (long) (wanted * SLICE_MILLIS * 1_000_000);
      timer = vertx.setPeriodic(SLICE_MILLIS, tick -> {
        if (burning.compareAndSet(false, true)) {
          vertx.executeBlocking(() -> spinCpu(sliceNanos), false).onComplete(done -> burning.set(false));
        }
      });
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    share = 0;
  }

  /**
   * Spins until this thread has had {@code nanos} of CPU time (on a machine whose cores are busy
   * that takes longer than {@code nanos}), or for ten times that at most.
   */
  private static long spinCpu(long nanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuUntil = threads.getCurrentThreadCpuTime() + nanos;
    long giveUp = System.nanoTime() + 10 * nanos;
    long sum = 0;
    while (threads.getCurrentThreadCpuTime() < cpuUntil && System.nanoTime() < giveUp) {
      sum += spin(nanos / 10);
    }
    return sum;
  }

  /** Keeps a core busy for {@code nanos} of wall-clock time; the result only keeps the JIT from removing the loop. */
  public static long spin(long nanos) {
    long until = System.nanoTime() + nanos;
    long sum = 0;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 1_000; i++) {
        sum += (long) i * i ^ sum;
      }
    }
    return sum;
  }
}
