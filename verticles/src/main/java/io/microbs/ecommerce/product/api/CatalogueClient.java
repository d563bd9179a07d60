package io.microbs.ecommerce.product.api;

import io.microbs.ecommerce.platform.bus.Endpoint;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The catalogue as the other services ask it, over the event bus: {@link #DOCUMENTS} with the ids, the same request
 * and answer as over HTTP, read into {@link Product}s.
 */
public final class CatalogueClient {
  /** Products by id; the catalogue takes it by GET too, as the reference did. */
  public static final Endpoint DOCUMENTS = Endpoint.post("/documents");

  private final ServiceClient client;

  public CatalogueClient(Vertx vertx, Duration timeout) {
    this.client = new ServiceClient(vertx, timeout);
  }

  /** What another service needs to know of a product: that it exists, and its price. */
  public record Product(String id, BigDecimal price) {
  }

  /**
   * The products among {@code ids} that the catalogue sells (the others are left out); fails with a
   * {@link ServiceException} 503 or 504 when the catalogue cannot say.
   */
  public Future<List<Product>> documents(Collection<String> ids) {
    return client.request(Service.PRODUCT, DOCUMENTS, new JsonArray(List.copyOf(ids)).toBuffer())
        .map(response -> {
          List<Product> products = new ArrayList<>();
          for (Object row : response.requireSuccess(Service.PRODUCT).body().toJsonArray()) {
            JsonObject product = (JsonObject) row;
            products.add(new Product(product.getString("id"),
                BigDecimal.valueOf(product.getDouble("price")).setScale(2, RoundingMode.HALF_UP)));
          }
          return products;
        });
  }
}
