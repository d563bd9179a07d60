package io.microbs.ecommerce.platform.data;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;

/** Readiness procedures for {@code /readyz}: a dependency is ready when it answers. */
public final class Readiness {
  private Readiness() {
  }

  /** PostgreSQL answers {@code SELECT 1}. */
  public static Handler<Promise<Status>> answers(Pool pool) {
    return promise -> pool.query("SELECT 1").execute()
        .onSuccess(ok -> promise.tryComplete(Status.OK()))
        .onFailure(failure -> promise.tryComplete(Status.KO(new JsonObject().put("error", String.valueOf(failure.getMessage())))));
  }
}
