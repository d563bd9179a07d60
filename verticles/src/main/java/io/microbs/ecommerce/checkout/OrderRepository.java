package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Orders and their lines in PostgreSQL; every query is parameterised and bounded by a timeout. */
final class OrderRepository {
  private static final long QUERY_TIMEOUT_MILLIS = 2_000;

  private static final String INSERT_ORDER = "INSERT INTO orders (order_id, session_id, idempotency_key, status, total)"
      + " VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (session_id, idempotency_key) DO NOTHING RETURNING created_at";
  private static final String INSERT_LINE = "INSERT INTO order_lines (order_id, product_id, quantity, price) VALUES ($1, $2, $3, $4)";
  private static final String ORDER = "SELECT order_id, status, total, created_at, failure_status, failure_body FROM orders";
  private static final String BY_ID = ORDER + " WHERE order_id = $1";
  private static final String BY_KEY = ORDER + " WHERE session_id = $1 AND idempotency_key = $2";
  private static final String LINES = "SELECT product_id, quantity, price FROM order_lines WHERE order_id = $1 ORDER BY product_id";
  private static final String MOVE = "UPDATE orders SET status = $3, updated_at = now() WHERE order_id = $1 AND status = $2";
  private static final String FAIL = "UPDATE orders SET status = 'failed', failure_status = $2, failure_body = $3,"
      + " updated_at = now() WHERE order_id = $1 AND status = 'pending'";

  private static final String BY_STATUS = "SELECT status, count(*), EXTRACT(EPOCH FROM now() - min(updated_at))::float8"
      + " FROM orders GROUP BY status";

  /** How many orders are in a status, and for how long (seconds) the one longest in it has been. */
  record StatusCount(String status, long orders, double oldestSeconds) {
  }

  private final Pool pool;

  OrderRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records a new pending order with its lines; empty when this shopper already has an order under
   * this key (a concurrent duplicate, in another JVM, got there first).
   */
  Future<Optional<Order>> open(String sessionId, String idempotencyKey, List<Order.Line> lines) {
    UUID orderId = UUID.randomUUID();
    BigDecimal total = lines.stream().map(line -> line.price().multiply(BigDecimal.valueOf(line.quantity())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    Future<Optional<Order>> created = pool.withTransaction(tx -> tx.preparedQuery(INSERT_ORDER)
        .execute(Tuple.of(orderId, sessionId, idempotencyKey, total))
        .compose(inserted -> {
          if (inserted.size() == 0) {
            return Future.succeededFuture(Optional.<Order>empty());
          }
          List<Tuple> rows = lines.stream().map(line -> Tuple.of(orderId, line.productId(), line.quantity(), line.price())).toList();
          return tx.preparedQuery(INSERT_LINE).executeBatch(rows).map(done -> Optional.of(
              new Order(orderId, Order.PENDING, total, lines, inserted.iterator().next().getOffsetDateTime(0), null)));
        }));
    return bounded(created);
  }

  Future<Optional<Order>> findByKey(String sessionId, String idempotencyKey) {
    return bounded(pool.preparedQuery(BY_KEY).execute(Tuple.of(sessionId, idempotencyKey))).compose(this::withLines);
  }

  Future<Optional<Order>> find(UUID orderId) {
    return bounded(pool.preparedQuery(BY_ID).execute(Tuple.of(orderId))).compose(this::withLines);
  }

  /** Moves an order from one status to the next; fails when it is not in {@code from} any more. */
  Future<Void> move(UUID orderId, String from, String to) {
    return bounded(pool.preparedQuery(MOVE).execute(Tuple.of(orderId, from, to))).compose(updated -> updated.rowCount() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("order " + orderId + " is not " + from)));
  }

  /** Marks a pending order failed, keeping the answer its retries will be given again. */
  Future<Void> fail(UUID orderId, ServiceResponse answer) {
    return bounded(pool.preparedQuery(FAIL).execute(Tuple.of(orderId, answer.status(), answer.body().toString()))).mapEmpty();
  }

  Future<List<StatusCount>> countByStatus() {
    return bounded(pool.query(BY_STATUS).execute()).map(rows -> {
      List<StatusCount> counts = new ArrayList<>();
      rows.forEach(row -> counts.add(new StatusCount(row.getString(0), row.getLong(1), row.getDouble(2))));
      return counts;
    });
  }

  private Future<Optional<Order>> withLines(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Future.succeededFuture(Optional.empty());
    }
    Row row = rows.iterator().next();
    UUID orderId = row.getUUID(0);
    return bounded(pool.preparedQuery(LINES).execute(Tuple.of(orderId))).map(lineRows -> {
      List<Order.Line> lines = new ArrayList<>();
      lineRows.forEach(line -> lines.add(new Order.Line(line.getString(0), line.getInteger(1), line.getBigDecimal(2))));
      ServiceResponse failure = row.getInteger(4) == null ? null
          : ServiceResponse.json(row.getInteger(4), Buffer.buffer(row.getString(5)));
      return Optional.of(new Order(orderId, row.getString(1), row.getBigDecimal(2), lines, row.getOffsetDateTime(3), failure));
    });
  }

  private static <T> Future<T> bounded(Future<T> query) {
    return query.timeout(QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(ServiceException.unavailable("the order store is unavailable", failure)));
  }
}
