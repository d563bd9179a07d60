package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.platform.Service;
import io.microbs.ecommerce.platform.ServiceClient;
import io.microbs.ecommerce.platform.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a product exists, asked of the product service over the event bus. Products that exist
 * are remembered for a few minutes, so adding to a cart rarely costs a catalogue query.
 */
final class Catalogue {
  private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;

  private final ServiceClient products;
  private final Map<String, Long> knownUntil = new HashMap<>();

  Catalogue(ServiceClient products) {
    this.products = products;
  }

  /** Succeeds when the product exists; fails with 404 when it does not, 503/504 when the catalogue can't say. */
  Future<Void> requireProduct(String productId) {
    Long until = knownUntil.get(productId);
    if (until != null && until - System.nanoTime() > 0) {
      return Future.succeededFuture();
    }
    return products.request(Service.PRODUCT, HttpMethod.POST, "/documents", Buffer.buffer(new JsonArray().add(productId).encode()))
        .compose(response -> {
          if (!response.isSuccess()) {
            return Future.failedFuture(new ServiceException(503, "the catalogue is unavailable"));
          }
          if (response.body().toJsonArray().isEmpty()) {
            return Future.failedFuture(ServiceException.notFound("product " + productId + " does not exist"));
          }
          knownUntil.put(productId, System.nanoTime() + REMEMBER_NANOS);
          return Future.succeededFuture();
        });
  }
}
