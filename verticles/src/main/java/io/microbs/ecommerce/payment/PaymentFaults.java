package io.microbs.ecommerce.payment;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The payment processor's fault seam, the one place its code meets the variants: {@code payment-declines}
 * turns a share of valid cards down. ({@code payment-unreachable} acts at the callers, on the event bus.)
 */
final class PaymentFaults {
  private final Snapshot variants;

  PaymentFaults(Vertx vertx) {
    this.variants = Snapshot.of(vertx);
  }

  /** Whether {@code payment-declines} turns this valid card down. */
  boolean declines() {
    return variants.activeFor(Variant.PAYMENT_DECLINES, Service.PAYMENT)
        .filter(declines -> ThreadLocalRandom.current().nextDouble() < declines.number("rate"))
        .map(declines -> {
          declines.mark(Span.current());
          return true;
        })
        .orElse(false);
  }
}
