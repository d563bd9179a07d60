package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.variants.ActiveVariant;
import io.microbs.ecommerce.platform.variants.CpuBurn;
import io.microbs.ecommerce.platform.variants.PoolExhaustion;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The catalogue's fault seam, the one place product's code meets the variants: {@code basic-bug}
 * and {@code sql-syntax-error} take {@code /documents} over, {@code slow-queries} has PostgreSQL
 * sleep before each query, {@code pool-exhaustion} holds the pool's connections. While none is on,
 * each step is the catalogue's own.
 */
final class ProductFaults implements AutoCloseable {
  private final Vertx vertx;
  private final Pool pool;
  private final Snapshot variants;
  private final AutoCloseable heldConnections;

  ProductFaults(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.variants = Snapshot.of(vertx);
    this.heldConnections = PoolExhaustion.watch(vertx, pool, Service.PRODUCT);
  }

  /** {@code /documents} for {@code ids}: failed by {@code basic-bug} or {@code sql-syntax-error} while one is on. */
  Future<ServiceResponse> documents(List<String> ids, Supplier<Future<ServiceResponse>> documents) {
    if (variants.isQuiet()) {
      return documents.get();
    }
    Optional<ActiveVariant> bug = variants.activeFor(Variant.BASIC_BUG, Service.PRODUCT);
    if (bug.isPresent()) {
      return basicBug(bug.get());
    }
    Optional<ActiveVariant> malformed = variants.activeFor(Variant.SQL_SYNTAX_ERROR, Service.PRODUCT);
    return malformed.isPresent() && !ids.isEmpty() ? malformedQuery(malformed.get(), ids) : documents.get();
  }

  /** Runs {@code query}; with {@code slow-queries} on, PostgreSQL first sleeps on the connection that then runs it. */
  Future<RowSet<Row>> query(String sql, Tuple arguments) {
    Optional<ActiveVariant> slow = variants.activeFor(Variant.SLOW_QUERIES, Service.PRODUCT);
    if (slow.isEmpty()) {
      return pool.preparedQuery(sql).execute(arguments);
    }
    slow.get().mark(Span.current());
    return pool.withConnection(connection -> connection.preparedQuery(ProductQueries.SLEEP)
        .execute(Tuple.of(slow.get().integer("sleep_ms") / 1_000.0))
        .compose(slept -> connection.preparedQuery(sql).execute(arguments)));
  }

  /**
   * The reference's basic bug: a slow computation, then a division by zero. The CPU burns on a
   * worker thread, or, with {@code on_event_loop}, on the caller's event loop, stalling it.
   */
  private Future<ServiceResponse> basicBug(ActiveVariant bug) {
    Span span = Span.current();
    bug.mark(span);
    long nanos = bug.integer("burn_ms") * 1_000_000L;
    Future<Long> burnt = bug.flag("on_event_loop")
        ? Future.succeededFuture(CpuBurn.spin(nanos))
        : vertx.executeBlocking(() -> CpuBurn.spin(nanos), false);
    return burnt.<ServiceResponse>map(result -> {
      long zero = result - result;
      throw new IllegalStateException("unreachable: " + result / zero);
    }).recover(failure -> {
      span.recordException(failure);
      return Future.failedFuture(new ServiceException(500, failure.toString(), failure));
    });
  }

  /** The {@code sql-syntax-error} variant: PostgreSQL refuses the query, and its message is the answer. */
  private Future<ServiceResponse> malformedQuery(ActiveVariant malformed, List<String> ids) {
    malformed.mark(Span.current());
    return pool.query(ProductQueries.malformedByIds(ids)).execute()
        .timeout(ProductVerticle.QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .transform(result -> Future.failedFuture(result.failed()
            ? new ServiceException(500, result.cause().getMessage(), result.cause())
            : new ServiceException(500, "the malformed query was accepted")));
  }

  /** Gives back the connections {@code pool-exhaustion} holds, and stops watching it. */
  @Override
  public void close() throws Exception {
    heldConnections.close();
  }
}
