package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Orders and their lines in PostgreSQL; every query is parameterised and bounded by a timeout.
 * Every change of status is conditional on the status it starts from, so a statement that lands
 * late (after its caller stopped waiting) cannot overwrite what was decided since.
 */
final class OrderRepository implements OrderStore {
  private static final long QUERY_TIMEOUT_MILLIS = 2_000;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String ONE_PENDING_PER_SESSION = "orders_one_pending_per_session";

  /**
   * The shopper's earlier order that this request repeats ($1 session, $2 cart digest, $3 request digest, $4 window in
   * seconds): the same request of the same cart, still pending, or placed within the window and paid (charged, its cart
   * not cleared yet), and no order completed since (which emptied the cart: the same lines after it are a new cart).
   * A failed or voided order holds no charge, so the same request after it is a new attempt, one that may succeed.
   */
  private static final String REPEATED = "FROM orders earlier WHERE earlier.session_id = $1 AND earlier.cart_digest = $2"
      + " AND earlier.request_digest = $3 AND (earlier.status = 'pending'"
      + " OR (earlier.status = 'paid' AND earlier.created_at > now() - make_interval(secs => $4)))"
      + " AND NOT EXISTS (SELECT 1 FROM orders emptied WHERE emptied.session_id = $1 AND emptied.status = 'completed'"
      + " AND emptied.updated_at > earlier.created_at)";
  /**
   * The order and its lines in one statement, so one round trip and one commit: the lines ($9 product ids, $10
   * quantities, $11 prices as text) go in only when the order did; $5 says whether a repeat counts (not under a key).
   */
  private static final String INSERT_ORDER = "WITH placed AS (INSERT INTO orders"
      + " (order_id, session_id, idempotency_key, status, total, cart_digest, request_digest)"
      + " SELECT $6::uuid, $1::text, $7::text, 'pending', $8::numeric, $2::text, $3::text"
      + " WHERE NOT ($5::bool AND EXISTS (SELECT 1 " + REPEATED + "))"
      + " ON CONFLICT (session_id, idempotency_key) DO NOTHING RETURNING order_id, created_at),"
      + " lines AS (INSERT INTO order_lines (order_id, product_id, quantity, price)"
      + " SELECT placed.order_id, line.product_id, line.quantity, line.price::numeric"
      + " FROM placed, unnest($9::text[], $10::int[], $11::text[]) AS line (product_id, quantity, price))"
      + " SELECT created_at FROM placed";
  private static final String COLUMNS = "SELECT order_id, status, total, created_at, failure_status, failure_body, request_digest ";
  private static final String ORDER = COLUMNS + "FROM orders";
  /** $2: the session that must have placed it, or NULL for any (the internal api gateway reads every order). */
  private static final String BY_ID = ORDER + " WHERE order_id = $1 AND ($2::text IS NULL OR session_id = $2)";
  private static final String BY_KEY = ORDER + " WHERE session_id = $1 AND idempotency_key = $2";
  private static final String REPEAT = COLUMNS + REPEATED + " ORDER BY created_at LIMIT 1";
  private static final String LINES = "SELECT product_id, quantity, price FROM order_lines WHERE order_id = $1 ORDER BY product_id";
  /**
   * How a change of status finds its order: by its primary key, whatever the planner knows of the table. The status it
   * must start from is compared with IS NOT DISTINCT FROM, the same as = on this NOT NULL column but answered by no
   * index: with =, the plans cached while the table was new (or never analysed, autovacuum off) found the order through
   * orders_by_status and read every pending or paid entry, dead ones too, 75 per update after 36,000 orders.
   */
  private static final String THE_ORDER_IN = " WHERE order_id = $1 AND status IS NOT DISTINCT FROM ";
  private static final String MOVE = "UPDATE orders SET status = $3, updated_at = now(), checked_at = NULL"
      + THE_ORDER_IN + "$2";
  /**
   * A paid order whose cart is cleared: completed, and checked, as its charge was held when payment
   * answered, so the reconciler need not ask payment about it again.
   */
  private static final String COMPLETE = "UPDATE orders SET status = 'completed', updated_at = now(), checked_at = now()"
      + THE_ORDER_IN + "'paid'";
  private static final String FAIL = "UPDATE orders SET status = 'failed', failure_status = $3, failure_body = $4,"
      + " updated_at = now(), checked_at = NULL" + THE_ORDER_IN + "$2";
  private static final String UNCHECKED = "SELECT order_id, status, updated_at FROM orders"
      + " WHERE checked_at IS NULL AND updated_at < now() - make_interval(secs => $1) AND (updated_at, order_id) > ($2, $3)"
      + " ORDER BY updated_at, order_id LIMIT $4";
  private static final String CHECKED = "UPDATE orders SET checked_at = now()"
      + THE_ORDER_IN + "$2 AND updated_at = $3";

  /** An order due to be checked against its charge: where it stood when it was read. */
  record Unchecked(UUID orderId, OrderStatus status, OffsetDateTime updatedAt) {
    /** Where a first page of unchecked orders starts: before any order. */
    static final Unchecked BEFORE_ALL =
        new Unchecked(new UUID(0, 0), OrderStatus.PENDING, OffsetDateTime.parse("1970-01-01T00:00:00Z"));
  }

  private static final String BY_STATUS = "SELECT status, count(*), EXTRACT(EPOCH FROM now() - min(updated_at))::float8"
      + " FROM orders GROUP BY status";
  /** The orders on their way, found through orders_by_status: as quick with a million settled orders as with none. */
  private static final String UNSETTLED_BY_STATUS = "SELECT status, count(*), EXTRACT(EPOCH FROM now() - min(updated_at))::float8"
      + " FROM orders WHERE status IN ('pending', 'paid') GROUP BY status";
  /** Counting every order reads the whole store, so it grows with the orders kept: unlike a checkout's query, it has no index to stop at. */
  private static final long COUNT_TIMEOUT_MILLIS = 60_000;

  /** How many orders are in a status, and for how long (seconds) the one longest in it has been. */
  record StatusCount(OrderStatus status, long orders, double oldestSeconds) {
  }

  private final Pool pool;

  OrderRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records a new pending order with its lines; empty when this shopper already has an order under this key, or one
   * this request repeats (when {@code repeatWindow} is given: see {@link #REPEATED}), or a checkout still pending (a
   * concurrent duplicate, maybe in another JVM, got there first).
   */
  @Override
  public Future<Optional<Order>> open(String sessionId, String idempotencyKey, String requestDigest, List<Order.Line> lines,
      Optional<Duration> repeatWindow) {
    UUID orderId = UUID.randomUUID();
    BigDecimal total = lines.stream().map(line -> line.price().multiply(BigDecimal.valueOf(line.quantity())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    Tuple order = Tuple.of(sessionId, Order.cartDigest(lines), requestDigest,
            (double) repeatWindow.orElse(Duration.ZERO).toSeconds(), repeatWindow.isPresent(), orderId)
        .addString(idempotencyKey).addValue(total)
        .addArrayOfString(lines.stream().map(Order.Line::productId).toArray(String[]::new))
        .addArrayOfInteger(lines.stream().map(Order.Line::quantity).toArray(Integer[]::new))
        .addArrayOfString(lines.stream().map(line -> line.price().toPlainString()).toArray(String[]::new));
    Future<Optional<Order>> created = pool.preparedQuery(INSERT_ORDER).execute(order).map(inserted -> inserted.size() == 0
        ? Optional.empty()
        : Optional.of(new Order(orderId, OrderStatus.PENDING, total, lines, inserted.iterator().next().getOffsetDateTime(0), null,
            requestDigest)));
    return bounded(created.recover(failure -> failure instanceof PgException refused
        && UNIQUE_VIOLATION.equals(refused.getSqlState()) && ONE_PENDING_PER_SESSION.equals(refused.getConstraint())
        ? Future.succeededFuture(Optional.empty())
        : Future.failedFuture(failure)));
  }

  @Override
  public Future<Optional<Order>> findByKey(String sessionId, String idempotencyKey) {
    return bounded(pool.preparedQuery(BY_KEY).execute(Tuple.of(sessionId, idempotencyKey))).compose(this::withLines);
  }

  /** The order, when {@code sessionId} placed it or is null. */
  @Override
  public Future<Optional<Order>> find(UUID orderId) {
    return find(orderId, null);
  }

  /** The order when {@code sessionId} placed it; null reads any. */
  Future<Optional<Order>> find(UUID orderId, String sessionId) {
    return bounded(pool.preparedQuery(BY_ID).execute(Tuple.of(orderId, sessionId))).compose(this::withLines);
  }

  /** The shopper's earlier order that this request of these lines repeats (see {@link #REPEATED}), if any. */
  @Override
  public Future<Optional<Order>> findRepeat(String sessionId, String requestDigest, List<Order.Line> lines, Duration window) {
    Tuple repeat = Tuple.of(sessionId, Order.cartDigest(lines), requestDigest, (double) window.toSeconds());
    return bounded(pool.preparedQuery(REPEAT).execute(repeat)).compose(this::withLines);
  }

  /** Moves an order from one status to the next; false when it is not in {@code from} any more. */
  @Override
  public Future<Boolean> move(UUID orderId, OrderStatus from, OrderStatus to) {
    requireMove(from, to);
    return bounded(pool.preparedQuery(MOVE).execute(Tuple.of(orderId, from.wire(), to.wire()))).map(updated -> updated.rowCount() == 1);
  }

  /** Completes a paid order (see {@link #COMPLETE}); false when it is not paid any more. */
  @Override
  public Future<Boolean> complete(UUID orderId) {
    requireMove(OrderStatus.PAID, OrderStatus.COMPLETED);
    return bounded(pool.preparedQuery(COMPLETE).execute(Tuple.of(orderId))).map(updated -> updated.rowCount() == 1);
  }

  /** Marks an order failed, keeping the answer its retries will be given again; false when it is not in {@code from} any more. */
  @Override
  public Future<Boolean> fail(UUID orderId, OrderStatus from, ServiceResponse answer) {
    requireMove(from, OrderStatus.FAILED);
    return bounded(pool.preparedQuery(FAIL).execute(Tuple.of(orderId, from.wire(), answer.status(), answer.body().toString())))
        .map(updated -> updated.rowCount() == 1);
  }

  /**
   * At most {@code limit} orders not checked since they last changed and unchanged for {@code quiet},
   * oldest first, from just after {@code after} (the last of the previous page).
   */
  Future<List<Unchecked>> unchecked(Duration quiet, Unchecked after, int limit) {
    Tuple page = Tuple.of((double) quiet.toSeconds(), after.updatedAt(), after.orderId(), limit);
    return bounded(pool.preparedQuery(UNCHECKED).execute(page)).map(rows -> {
      List<Unchecked> orders = new ArrayList<>();
      rows.forEach(row -> orders.add(new Unchecked(row.getUUID(0), OrderStatus.of(row.getString(1)), row.getOffsetDateTime(2))));
      return orders;
    });
  }

  /** Records that the order agrees with its charge, unless it has changed since it was read. */
  Future<Void> markChecked(Unchecked order) {
    return bounded(pool.preparedQuery(CHECKED).execute(Tuple.of(order.orderId(), order.status().wire(), order.updatedAt())))
        .mapEmpty();
  }

  /** Every order, counted by status: its cost grows with the store. */
  Future<List<StatusCount>> countByStatus() {
    return statusCounts(BY_STATUS, COUNT_TIMEOUT_MILLIS);
  }

  /** The pending and paid orders, counted by status: cheap however many orders are settled. */
  Future<List<StatusCount>> countUnsettled() {
    return statusCounts(UNSETTLED_BY_STATUS, QUERY_TIMEOUT_MILLIS);
  }

  private Future<List<StatusCount>> statusCounts(String sql, long timeoutMillis) {
    return bounded(pool.query(sql).execute(), timeoutMillis).map(rows -> {
      List<StatusCount> counts = new ArrayList<>();
      rows.forEach(row -> counts.add(new StatusCount(OrderStatus.of(row.getString(0)), row.getLong(1), row.getDouble(2))));
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
      return Optional.of(new Order(orderId, OrderStatus.of(row.getString(1)), row.getBigDecimal(2), lines, row.getOffsetDateTime(3), failure,
          row.getString(6)));
    });
  }

  /** The state machine's rule, checked before any statement: a move it does not allow is a bug, not a race. */
  private static void requireMove(OrderStatus from, OrderStatus to) {
    if (!from.mayMoveTo(to)) {
      throw new IllegalStateException("an order never moves from " + from.wire() + " to " + to.wire());
    }
  }

  private static <T> Future<T> bounded(Future<T> query) {
    return bounded(query, QUERY_TIMEOUT_MILLIS);
  }

  private static <T> Future<T> bounded(Future<T> query, long timeoutMillis) {
    return query.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(ServiceException.unavailable("the order store is unavailable", failure)));
  }
}
