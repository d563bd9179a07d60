package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import java.util.Optional;

/**
 * The {@code payment-unreachable} variant at this JVM's callers: while it is on, an outbound
 * interceptor of the event bus drops every message sent to payment's address before it leaves, so
 * no answer comes and the caller's request times out as a lost one does (its span marked by the
 * variant); switched off, the interceptor is removed.
 */
final class PaymentUnreachable {
  private final Vertx vertx;
  private final Snapshot snapshot;
  private Handler<DeliveryContext<Object>> dropping;

  PaymentUnreachable(Vertx vertx, Snapshot snapshot) {
    this.vertx = vertx;
    this.snapshot = snapshot;
  }

  void apply() {
    Optional<ActiveVariant> wanted = snapshot.activeFor(Variant.PAYMENT_UNREACHABLE, Service.PAYMENT);
    if (wanted.isPresent() == (dropping != null)) {
      return;
    }
    stop();
    wanted.ifPresent(unreachable -> {
      dropping = delivery -> {
        if (delivery.message().address().equals(Service.PAYMENT.address())) {
          unreachable.mark(Span.current());
          return; // dropped: nothing reaches payment, nothing answers
        }
        delivery.next();
      };
      vertx.eventBus().addOutboundInterceptor(dropping);
    });
  }

  void stop() {
    if (dropping != null) {
      vertx.eventBus().removeOutboundInterceptor(dropping);
      dropping = null;
    }
  }
}
