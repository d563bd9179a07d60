package io.microbs.ecommerce.platform.data;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.TimeUnit;

/** Where product-data (PostgreSQL) is, and how the services connect to it. The password is never printed. */
public record PgAddress(String host, int port, String user, String password, String database) {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  /**
   * A pool for a service's queries, named after it (its metrics, and its connections' application_name
   * in pg_stat_activity, too): connecting and waiting for a free connection both give up after 2 s.
   */
  public Pool pool(Vertx vertx, String name, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setName(name).setMaxSize(maxSize).setConnectionTimeout(2).setConnectionTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setMetricsName(name))
        .connectingTo(connectOptions(database).addProperty("application_name", name))
        .using(vertx)
        .build();
  }

  /** A client on the {@code postgres} database, for creating the service's own database. */
  public SqlClient maintenanceClient(Vertx vertx) {
    return PgBuilder.client()
        .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS))
        .connectingTo(connectOptions("postgres"))
        .using(vertx)
        .build();
  }

  private PgConnectOptions connectOptions(String databaseName) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setUser(user)
        .setDatabase(databaseName)
        .setCachePreparedStatements(true)
        // a span per query, inside the request's trace; none for queries outside a request
        .setTracingPolicy(TracingPolicy.PROPAGATE);
    if (password != null && !password.isEmpty()) {
      options.setPassword(password);
    }
    return options;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
