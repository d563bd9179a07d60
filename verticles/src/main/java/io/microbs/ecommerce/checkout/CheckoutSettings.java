package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/** How often orders left pending are settled against the payment's records ({@code ORDER_RECONCILE_SECONDS}). */
public record CheckoutSettings(Duration reconcileInterval) {

  public static CheckoutSettings from(Variables vars) {
    return new CheckoutSettings(Duration.ofSeconds(vars.positiveInt("ORDER_RECONCILE_SECONDS", 30)));
  }
}
