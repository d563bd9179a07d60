package io.microbs.ecommerce.platform.bus;

import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/** How long a caller waits for a service ({@code SERVICE_TIMEOUT_MS}), and checkout for payment ({@code PAYMENT_TIMEOUT_MS}). */
public record CallTimeouts(Duration service, Duration payment) {

  public static CallTimeouts from(Variables vars) {
    return new CallTimeouts(Duration.ofMillis(vars.positiveInt("SERVICE_TIMEOUT_MS", 2_000)),
        Duration.ofMillis(vars.positiveInt("PAYMENT_TIMEOUT_MS", 2_000)));
  }

  /** What a gateway waits for {@code called}: a checkout waits for payment (0.5-1 s by design) in turn. */
  public Duration forService(Service called) {
    return called == Service.CHECKOUT ? service.plus(payment) : service;
  }
}
