package io.microbs.ecommerce.platform.bus;

import io.microbs.ecommerce.platform.variants.ActiveVariant;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The variants that act at a service's front door, where every request through either gateway (and
 * every call of one service to another) arrives: {@code nginx-failure} refuses DELETEs, {@code latency}
 * holds requests on a timer, {@code error-rate} fails a share of them before their handler runs.
 */
final class RouterFaults {
  private final Vertx vertx;
  private final Snapshot variants;
  private final Service service;

  RouterFaults(Vertx vertx, Service service) {
    this.vertx = vertx;
    this.variants = Snapshot.of(vertx);
    this.service = service;
  }

  boolean isQuiet() {
    return variants.isQuiet();
  }

  /** The answer to a DELETE while {@code nginx-failure} is on (nginx's {@code limit_except GET POST PUT}); else null. */
  ServiceException refusal(HttpMethod method, Span span) {
    ActiveVariant nginx = variants.active(Variant.NGINX_FAILURE).orElse(null);
    if (nginx == null || method != HttpMethod.DELETE) {
      return null;
    }
    nginx.mark(span);
    return new ServiceException(403, "403 Forbidden");
  }

  /** Runs {@code handler} for a request the route {@code pattern} took, after the delay and failures the variants ask for. */
  Future<ServiceResponse> around(String pattern, Span span, Supplier<Future<ServiceResponse>> handler) {
    ActiveVariant latency = aimedAt(Variant.LATENCY, pattern);
    ActiveVariant errors = aimedAt(Variant.ERROR_RATE, pattern);
    Supplier<Future<ServiceResponse>> failing = errors == null ? handler : () -> {
      if (ThreadLocalRandom.current().nextDouble() >= errors.number("rate")) {
        return handler.get();
      }
      errors.mark(span);
      return Future.failedFuture(new ServiceException(500, "internal error in " + service));
    };
    if (latency == null) {
      return failing.get();
    }
    latency.mark(span);
    long delay = latency.integer("fixed_ms") + ThreadLocalRandom.current().nextLong(latency.integer("jitter_ms") + 1L);
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(Math.max(1, delay), timer -> waited.complete());
    return waited.future().compose(done -> failing.get());
  }

  private ActiveVariant aimedAt(Variant variant, String pattern) {
    return variants.activeFor(variant, service)
        .filter(on -> on.text("route").isEmpty() || on.text("route").equals(pattern))
        .orElse(null);
  }
}
