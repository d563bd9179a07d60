package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * The {@code readiness-failure} variant in a JVM that runs its service: while it is on, a check
 * that always fails stands among this JVM's readiness checks, so {@code /readyz} answers 503 (and
 * {@code ecommerce_ready} is 0) while {@code /healthz} stays 200; switched off, the check goes.
 */
public final class ReadinessFailure {
  private static final String CHECK = "readiness-failure";

  private final HealthChecks readiness;
  private final Snapshot snapshot;
  private boolean registered;

  private ReadinessFailure(HealthChecks readiness, Snapshot snapshot) {
    this.readiness = readiness;
    this.snapshot = snapshot;
  }

  /** Fails {@code readiness} while the variant is on for a service of this JVM; closing the result stops watching. */
  public static AutoCloseable attach(Vertx vertx, HealthChecks readiness) {
    Snapshot snapshot = Snapshot.of(vertx);
    ReadinessFailure failure = new ReadinessFailure(readiness, snapshot);
    AutoCloseable watching = snapshot.onChange(failure::apply);
    failure.apply();
    return watching;
  }

  private void apply() {
    boolean wanted = snapshot.activeHere(Variant.READINESS_FAILURE).isPresent();
    if (wanted && !registered) {
      readiness.register(CHECK, promise -> promise.complete(Status.KO(new JsonObject().put("error", "not ready to take traffic"))));
    } else if (!wanted && registered) {
      readiness.unregister(CHECK);
    }
    registered = wanted;
  }
}
