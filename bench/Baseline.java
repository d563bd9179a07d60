import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The benchmark's yardstick: a bare Vert.x server on the same machine, with what the shop adds taken
 * away. GET /hello answers a small JSON (the floor of the HTTP stack); POST /search runs the catalogue
 * query with vertx-pg-client and answers the shop's JSON (the floor of a search). One instance per
 * core, as the shop's gateways. Run with the shop's jar on the classpath:
 * {@code java -cp verticles/target/ecommerce.jar bench/Baseline.java PORT PG_HOST PG_PORT DATABASE}.
 */
public class Baseline extends VerticleBase {
  private static final Buffer HELLO = Buffer.buffer("{\"message\":\"hello\"}");
  private static final String SEARCH = "SELECT alcoholic, category, description, filename, id, name, price, rating, reviews, "
      + "temperature, type FROM products WHERE name ILIKE $1 OR description ILIKE $1 "
      + "ORDER BY rating DESC NULLS LAST, reviews DESC NULLS LAST, id LIMIT $2";

  private final int port;
  private final Pool pool;

  Baseline(int port, Pool pool) {
    this.port = port;
    this.pool = pool;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    // the shop's transport (epoll on Linux), so the comparison is of the code and not of the system calls
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(8))
        .connectingTo(new PgConnectOptions().setHost(args[1]).setPort(Integer.parseInt(args[2])).setDatabase(args[3])
            .setUser("postgres").setCachePreparedStatements(true))
        .using(vertx)
        .build();
    vertx.deployVerticle(() -> new Baseline(port, pool), new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .await();
    System.out.println("baseline listening on " + port);
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/hello")) {
      request.response().putHeader("content-type", "application/json").end(HELLO.slice());
    } else if (request.path().equals("/search")) {
      request.body().compose(body -> {
        JsonObject search = body.length() == 0 ? new JsonObject() : body.toJsonObject();
        Integer size = search.getJsonObject("page", new JsonObject()).getInteger("size");
        return pool.preparedQuery(SEARCH).execute(Tuple.of("%" + search.getString("query", "") + "%", size));
      }).onSuccess(rows -> {
        JsonArray results = new JsonArray();
        for (Row row : rows) {
          results.add(new JsonObject().put("alcoholic", row.getString(0)).put("category", row.getString(1))
              .put("description", row.getString(2)).put("filename", row.getString(3)).put("id", row.getString(4))
              .put("name", row.getString(5)).put("price", row.getDouble(6)).put("rating", row.getDouble(7))
              .put("reviews", row.getInteger(8)).put("temperature", row.getString(9)).put("type", row.getString(10)));
        }
        JsonObject answer = new JsonObject()
            .put("meta", new JsonObject().put("page", new JsonObject().put("total_results", results.size())))
            .put("results", results);
        request.response().putHeader("content-type", "application/json").end(answer.toBuffer());
      }).onFailure(failure -> request.response().setStatusCode(500).end());
    } else {
      request.response().setStatusCode(404).end();
    }
  }
}
