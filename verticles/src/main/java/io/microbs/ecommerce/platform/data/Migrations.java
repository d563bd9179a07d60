package io.microbs.ecommerce.platform.data;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations for a service's PostgreSQL tables: {@code V<n>__<what>.sql} files
 * applied in order, each once, recorded in {@code schema_history}. Instances starting together
 * serialise on an advisory lock, so each migration runs exactly once.
 *
 * <p>Our own rather than Flyway's: Flyway needs a JDBC driver and blocking connections at start,
 * while these few statements run on the reactive pool the service opens anyway.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern FILE = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String UNIQUE_VIOLATION = "23505";

  private record Migration(int version, String description, String sql) {
  }

  private Migrations() {
  }

  /**
   * A service's pool on its database, once the database exists and the service's migrations
   * ({@code db/<owner>/V*.sql}, listed in order) have run.
   */
  public static Future<Pool> migratedPool(Vertx vertx, PgAddress address, int poolSize, String owner, List<String> files) {
    return ensureDatabase(vertx, address).compose(created -> {
      Pool pool = address.pool(vertx, owner, poolSize);
      return apply(vertx, pool, owner, files)
          .map(pool)
          .recover(failure -> pool.close().transform(closed -> Future.failedFuture(failure)));
    });
  }

  /** Creates the database if it does not exist yet (connecting to {@code postgres} to do so). */
  private static Future<Void> ensureDatabase(Vertx vertx, PgAddress address) {
    SqlClient admin = address.maintenanceClient(vertx);
    return admin.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(address.database()))
        .compose(rows -> rows.size() > 0
            ? Future.<Void>succeededFuture()
            // The name is checked against [a-z_][a-z0-9_]* by DataServers, so quoting it is safe.
            : admin.query("CREATE DATABASE \"" + address.database() + "\"").execute()
                .<Void>mapEmpty()
                .onSuccess(created -> LOG.info("created database " + address.database()))
                .recover(Migrations::ignoreIfAlreadyCreated))
        .eventually(admin::close);
  }

  private static Future<Void> ignoreIfAlreadyCreated(Throwable failure) {
    if (failure instanceof PgException pg
        && (DUPLICATE_DATABASE.equals(pg.getSqlState()) || UNIQUE_VIOLATION.equals(pg.getSqlState()))) {
      return Future.succeededFuture(); // another instance created it a moment ago
    }
    return Future.failedFuture(failure);
  }

  /** Applies the migrations of {@code owner} that have not run yet. */
  private static Future<Void> apply(Vertx vertx, Pool pool, String owner, List<String> files) {
    return vertx.executeBlocking(() -> load(owner, files))
        .compose(migrations -> pool.withTransaction(tx -> tx
            // IF NOT EXISTS would otherwise report a NOTICE on every start
            .query("SET LOCAL client_min_messages = warning").execute()
            .compose(quiet -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('schema_history'))").execute())
            .compose(locked -> tx.query("CREATE TABLE IF NOT EXISTS schema_history ("
                + " owner text NOT NULL, version integer NOT NULL, description text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (owner, version))").execute())
            .compose(created -> tx.preparedQuery("SELECT version FROM schema_history WHERE owner = $1").execute(Tuple.of(owner)))
            .compose(rows -> {
              Set<Integer> applied = new HashSet<>();
              rows.forEach(row -> applied.add(row.getInteger(0)));
              Future<Void> chain = Future.succeededFuture();
              for (Migration migration : migrations) {
                if (!applied.contains(migration.version)) {
                  chain = chain.compose(previous -> run(tx, owner, migration));
                }
              }
              return chain;
            })));
  }

  private static Future<Void> run(SqlConnection tx, String owner, Migration migration) {
    return tx.query(migration.sql).execute()
        .compose(done -> tx.preparedQuery("INSERT INTO schema_history (owner, version, description) VALUES ($1, $2, $3)")
            .execute(Tuple.of(owner, migration.version, migration.description)))
        .onSuccess(done -> LOG.info("applied migration " + owner + " V" + migration.version + " " + migration.description))
        .mapEmpty();
  }

  private static List<Migration> load(String owner, List<String> files) {
    List<Migration> migrations = new ArrayList<>();
    int previous = 0;
    for (String file : files) {
      Matcher name = FILE.matcher(file);
      if (!name.matches() || Integer.parseInt(name.group(1)) <= previous) {
        throw new IllegalArgumentException("migration " + file + " is not named V<n>__<what>.sql in increasing order");
      }
      previous = Integer.parseInt(name.group(1));
      migrations.add(new Migration(previous, name.group(2), Resources.text("db/" + owner + "/" + file)));
    }
    return migrations;
  }
}
