package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.data.DataUnavailableException;
import io.microbs.ecommerce.platform.data.RedisData;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import java.net.ConnectException;

/** The cart's fault seam, the one place its code meets the variants: {@code cart-data-unavailable} takes Redis away. */
final class CartFaults {
  private final Snapshot variants;

  CartFaults(Vertx vertx) {
    this.variants = Snapshot.of(vertx);
  }

  /** {@code cartData}, unless {@code cart-data-unavailable} has it refuse every connection, as a Redis that is away does. */
  RedisData reachable(RedisData cartData) {
    if (!variants.isQuiet()) {
      variants.activeFor(Variant.CART_DATA_UNAVAILABLE, Service.CART).ifPresent(away -> {
        away.mark(Span.current());
        throw new DataUnavailableException(cartData.name(), new ConnectException("Connection refused"));
      });
    }
    return cartData;
  }
}
