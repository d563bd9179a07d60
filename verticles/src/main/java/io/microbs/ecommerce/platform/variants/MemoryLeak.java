package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code memory-leak} variant in a JVM that runs its service: every second it keeps another
 * slice of heap, {@code mib_per_minute / 60} MiB, until it holds {@code cap_mib}; switched off, it
 * lets go of all of it at once.
 */
final class MemoryLeak {
  private static final long MIB = 1 << 20;

  private final Vertx vertx;
  private final Snapshot snapshot;
  private final List<byte[]> kept = new ArrayList<>();
  private ActiveVariant applied;
  private long timer = -1;
  private long keptBytes;

  MemoryLeak(Vertx vertx, Snapshot snapshot) {
    this.vertx = vertx;
    this.snapshot = snapshot;
  }

  void apply() {
    Optional<ActiveVariant> leaking = snapshot.activeHere(Variant.MEMORY_LEAK);
    if (leaking.isEmpty()) {
      stop();
      return;
    }
    ActiveVariant on = leaking.get();
    if (on.equals(applied)) {
      return;
    }
    cancelTimer();
    applied = on;
    int slice = (int) Math.max(1, on.integer("mib_per_minute") * MIB / 60);
    long cap = on.integer("cap_mib") * MIB;
    timer = vertx.setPeriodic(1_000, tick -> {
      if (keptBytes + slice <= cap) {
        byte[] leaked = new byte[slice];
        leaked[leaked.length - 1] = 1;
        kept.add(leaked);
        keptBytes += slice;
      }
    });
  }

  void stop() {
    cancelTimer();
    applied = null;
    kept.clear();
    keptBytes = 0;
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
