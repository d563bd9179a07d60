package io.microbs.ecommerce.payment;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Payment's record of its charges by transaction id, in PostgreSQL. Charging and voiding each come
 * down to one statement, so they commute: whichever of a late charge and its void lands first, the
 * transaction ends voided.
 */
final class ChargeStore {
  static final String CHARGED = "charged";

  private static final long QUERY_TIMEOUT_MILLIS = 2_000;
  // On a conflict the row is left as it is and its status returned: a repeat is the same charge, a voided one stays voided.
  private static final String CHARGE = "INSERT INTO charges (transaction_id, status, amount) VALUES ($1, 'charged', $2)"
      + " ON CONFLICT (transaction_id) DO UPDATE SET status = charges.status RETURNING status";
  private static final String VOID = "INSERT INTO charges (transaction_id, status) VALUES ($1, 'voided')"
      + " ON CONFLICT (transaction_id) DO UPDATE SET status = 'voided', updated_at = now()";
  private static final String STATUS = "SELECT status FROM charges WHERE transaction_id = $1";

  private final Pool pool;

  ChargeStore(Pool pool) {
    this.pool = pool;
  }

  /** Charges {@code amount} under {@code transactionId} unless it already has a record; the transaction's status either way. */
  Future<String> charge(String transactionId, BigDecimal amount) {
    return bounded(pool.preparedQuery(CHARGE).execute(Tuple.of(transactionId, amount)))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** Voids the transaction's charge, or records it as voided before any charge, which is then refused. */
  Future<Void> voidCharge(String transactionId) {
    return bounded(pool.preparedQuery(VOID).execute(Tuple.of(transactionId))).mapEmpty();
  }

  /** The transaction's status; empty when payment has no record of it. */
  Future<Optional<String>> status(String transactionId) {
    return bounded(pool.preparedQuery(STATUS).execute(Tuple.of(transactionId)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  private static <T> Future<T> bounded(Future<T> query) {
    return query.timeout(QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(ServiceException.unavailable("the charge store is unavailable", failure)));
  }
}
