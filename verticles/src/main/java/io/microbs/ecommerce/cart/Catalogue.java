package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.product.api.CatalogueClient;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a product exists, asked of the catalogue over the event bus. Products that exist are
 * remembered for a few minutes, so adding to a cart rarely costs a catalogue query.
 */
final class Catalogue {
  private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;

  private final CatalogueClient catalogue;
  private final Map<String, Long> knownUntil = new HashMap<>();

  Catalogue(CatalogueClient catalogue) {
    this.catalogue = catalogue;
  }

  /** Succeeds when the product exists; fails with 404 when it does not, 503/504 when the catalogue can't say. */
  Future<Void> requireProduct(String productId) {
    Long until = knownUntil.get(productId);
    if (until != null && until - System.nanoTime() > 0) {
      return Future.succeededFuture();
    }
    return catalogue.documents(List.of(productId)).compose(products -> {
      if (products.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("product " + productId + " does not exist"));
      }
      knownUntil.put(productId, System.nanoTime() + REMEMBER_NANOS);
      return Future.succeededFuture();
    });
  }
}
