package io.microbs.ecommerce.platform.bus;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Something attached at a service's front door ({@link FrontDoors}): it sees the requests the
 * service's router takes, and may refuse one before it is routed or stand around the handler of
 * the route that took it. {@code span} is the request's server span.
 */
public interface FrontDoorHook {
  /** The answer to {@code request} in place of routing it, whatever its path; empty lets it in. */
  default Optional<ServiceException> refusal(ServiceRequest request, Span span) {
    return Optional.empty();
  }

  /** Runs {@code handler} for {@code request}, which its route ({@link ServiceRequest#route}) took: at once, later, or never. */
  default Future<ServiceResponse> around(ServiceRequest request, Span span, Supplier<Future<ServiceResponse>> handler) {
    return handler.get();
  }
}
