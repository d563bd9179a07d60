package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pool-exhaustion} variant at one service's PostgreSQL pool: while it is on for the
 * service, it takes {@code connections} from the pool and holds them, so the service's queries wait
 * for what is left; switched off, it gives every one back.
 */
public final class PoolExhaustion {
  private static final long RETRY_MILLIS = 100;

  private final Vertx vertx;
  private final Pool pool;
  private final Service service;
  private final Snapshot snapshot;
  private final List<SqlConnection> held = new ArrayList<>();
  private int acquiring;
  private boolean closed;

  private PoolExhaustion(Vertx vertx, Pool pool, Service service, Snapshot snapshot) {
    this.vertx = vertx;
    this.pool = pool;
    this.service = service;
    this.snapshot = snapshot;
  }

  /** Watches the variant for {@code service}'s {@code pool}; closing the result gives back what is held and stops. */
  public static AutoCloseable watch(Vertx vertx, Pool pool, Service service) {
    Snapshot snapshot = Snapshot.of(vertx);
    PoolExhaustion exhaustion = new PoolExhaustion(vertx, pool, service, snapshot);
    AutoCloseable watching = snapshot.onChange(exhaustion::apply);
    exhaustion.apply();
    return () -> {
      watching.close();
      exhaustion.closed = true;
      exhaustion.apply();
    };
  }

  private int wanted() {
    return closed ? 0 : snapshot.activeFor(Variant.POOL_EXHAUSTION, service).map(on -> on.integer("connections")).orElse(0);
  }

  private void apply() {
    int wanted = wanted();
    while (held.size() > wanted) {
      held.remove(held.size() - 1).close();
    }
    while (held.size() + acquiring < wanted) {
      acquiring++;
      pool.getConnection().onComplete(taken -> {
        acquiring--;
        if (taken.succeeded()) {
          held.add(taken.result());
        } else if (!closed) {
          // the service's own queries hold every connection for now: try again shortly
          vertx.setTimer(RETRY_MILLIS, retry -> apply());
          return;
        }
        apply();
      });
    }
  }
}
