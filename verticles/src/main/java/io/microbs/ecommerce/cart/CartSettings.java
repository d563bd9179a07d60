package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/** How long a cart nobody touches is kept ({@code CART_TTL_SECONDS}, a day by default). */
public record CartSettings(Duration ttl) {

  public static CartSettings from(Variables vars) {
    return new CartSettings(Duration.ofSeconds(vars.positiveInt("CART_TTL_SECONDS", 24 * 60 * 60)));
  }
}
