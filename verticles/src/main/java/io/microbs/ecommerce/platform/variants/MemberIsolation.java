package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The {@code member-isolated} variant in a clustered JVM: while it is on for one of the JVM's
 * {@code services}, the JVM is cut off from the cluster (the membership's own {@code isolate}); switched
 * off, it rejoins.
 */
public final class MemberIsolation {
  private MemberIsolation() {
  }

  /**
   * Runs {@code isolate} when the variant comes on for one of {@code services}, {@code rejoin} when it
   * goes (each may run again with nothing to do); closing the result stops watching.
   */
  public static AutoCloseable watch(Vertx vertx, List<Service> services, Runnable isolate, Runnable rejoin) {
    Snapshot snapshot = Snapshot.of(vertx);
    return snapshot.onChange(() -> {
      boolean wanted = services.stream().anyMatch(service -> snapshot.activeFor(Variant.MEMBER_ISOLATED, service).isPresent());
      (wanted ? isolate : rejoin).run();
    });
  }
}
