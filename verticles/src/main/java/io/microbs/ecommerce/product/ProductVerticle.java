package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.Json;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.Migrations;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.Readiness;
import io.microbs.ecommerce.product.api.CatalogueClient;
import io.microbs.ecommerce.product.api.ProductId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The catalogue: {@code /documents}, {@code /search} and {@code /suggestions} over product-data (PostgreSQL). */
public class ProductVerticle extends VerticleBase {
  private static final List<String> MIGRATIONS = List.of("V1__create_products.sql");
  private static final Set<HttpMethod> GET_OR_POST = Set.of(HttpMethod.GET, HttpMethod.POST);
  /** Ids as the reference takes them, {@code ["f95e2475", …]}; each one is then read by {@link ProductId}. */
  private static final BodySchema DOCUMENTS = BodySchema.of("""
      {"type": "array", "maxItems": 100, "errorMessage": "body must be a JSON array of at most 100 product ids"}
      """);
  static final long QUERY_TIMEOUT_MILLIS = 2_000;
  private static final String READINESS = "product-data";
  /** The SQLSTATE class of values PostgreSQL refuses: invalid text, encodings, numbers out of range. */
  private static final String DATA_EXCEPTION = "22";

  private final PgAddress productData;
  private final HealthChecks readiness;
  private Pool pool;
  private ProductFaults faults;

  public ProductVerticle(PgAddress productData, HealthChecks readiness) {
    this.productData = productData;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    return Migrations.migratedPool(vertx, productData, 8, "product", MIGRATIONS)
        .compose(migrated -> {
          pool = migrated;
          faults = new ProductFaults(vertx, pool);
          return seedCatalogue();
        })
        .compose(seeded -> {
          readiness.register(READINESS, 1_000, Readiness.answers(pool));
          return ServiceRouter.of(Service.PRODUCT, config())
              .route(GET_OR_POST, CatalogueClient.DOCUMENTS.template(), this::documents)
              .route(GET_OR_POST, "/search", this::search)
              .route(GET_OR_POST, "/suggestions", this::search)
              .listen(vertx);
        });
  }

  @Override
  public Future<?> stop() throws Exception {
    readiness.unregister(READINESS);
    if (faults != null) {
      faults.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Products by id ({@code ["f95e2475", …]}), or the whole catalogue for an empty body or list. */
  private Future<ServiceResponse> documents(ServiceRequest request) {
    List<String> ids = productIds(request);
    return faults.documents(ids, () -> {
      Future<RowSet<Row>> rows = ids.isEmpty()
          ? query(ProductQueries.ALL, Tuple.tuple())
          : query(ProductQueries.BY_IDS, Tuple.of(ids.toArray(String[]::new)));
      return answer(rows, products -> ServiceResponse.json(200, products));
    });
  }

  /** Products whose name or description contains the query, best rated first, {@code page.size} at most. */
  private Future<ServiceResponse> search(ServiceRequest request) {
    SearchRequest search = SearchRequest.from(request.jsonObject(SearchRequest.SCHEMA));
    Future<RowSet<Row>> rows = search.query().isEmpty()
        ? query(ProductQueries.TOP, Tuple.tuple().addValue(search.size()))
        : query(ProductQueries.SEARCH, Tuple.of(ProductQueries.containsPattern(search.query()), search.size()));
    return answer(rows, products -> ServiceResponse.ok(new JsonObject()
        .put("meta", new JsonObject().put("page", new JsonObject().put("total_results", products.size())))
        .put("results", products)));
  }

  /** Runs a catalogue query, through the fault seam (where {@code slow-queries} acts). */
  private Future<RowSet<Row>> query(String sql, Tuple arguments) {
    return faults.query(sql, arguments);
  }

  /**
   * The rows in the shape the route answers. PostgreSQL refusing a value (a data exception, SQLSTATE
   * class 22, such as an encoding it cannot store) is the caller's bad input; anything else (no
   * connection, too slow, a server error) is product-data being unavailable.
   */
  private Future<ServiceResponse> answer(Future<RowSet<Row>> rows, Function<JsonArray, ServiceResponse> shape) {
    return rows.timeout(QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(result -> shape.apply(ProductQueries.toJson(result)))
        .recover(failure -> Future.failedFuture(failure instanceof PgException refused && refused.getSqlState() != null
            && refused.getSqlState().startsWith(DATA_EXCEPTION)
            ? new ServiceException(400, "the catalogue cannot search for that text", refused)
            : ServiceException.unavailable("product-data is unavailable", failure)));
  }

  /** The ids asked for; none (an empty body, or null) asks for the whole catalogue. */
  private static List<String> productIds(ServiceRequest request) {
    Object body = request.body().length() == 0 ? null : Json.decode(request.body());
    if (body == null) {
      return List.of();
    }
    JsonArray ids = (JsonArray) DOCUMENTS.check(body); // an array once checked
    return ids.stream().map(ProductId::parse).toList();
  }

  private Future<Void> seedCatalogue() {
    return vertx.executeBlocking(ProductSeed::rows)
        .compose(rows -> pool.preparedQuery(ProductQueries.SEED).executeBatch(rows))
        .mapEmpty();
  }
}
