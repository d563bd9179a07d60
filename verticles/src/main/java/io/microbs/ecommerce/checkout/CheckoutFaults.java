package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.variants.PoolExhaustion;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** Checkout's fault seam, the one place its code meets the variants: {@code pool-exhaustion} holds its pool's connections. */
final class CheckoutFaults {
  private CheckoutFaults() {
  }

  /** Holds connections of {@code pool} while {@code pool-exhaustion} is on for checkout; closing the result gives them back. */
  static AutoCloseable watch(Vertx vertx, Pool pool) {
    return PoolExhaustion.watch(vertx, pool, Service.CHECKOUT);
  }
}
