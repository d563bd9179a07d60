package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.FrontDoorHook;
import io.microbs.ecommerce.platform.bus.FrontDoors;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The variants that act at the services' front doors, where every request through either gateway
 * (and every call of one service to another) arrives, attached there while they are on:
 * {@code nginx-failure} refuses DELETEs at every service, {@code latency} holds a service's requests on
 * a timer, {@code error-rate} fails a share of them before their handler runs.
 */
final class FrontDoorFaults {
  private final Vertx vertx;
  private final Snapshot snapshot;
  private final FrontDoors doors;
  /** What detaches each hook attached. */
  private final List<Runnable> attached = new ArrayList<>();
  /** The variants the hooks attached act for: nginx-failure, latency, error-rate. */
  private List<Optional<ActiveVariant>> applied = List.of();

  FrontDoorFaults(Vertx vertx, Snapshot snapshot) {
    this.vertx = vertx;
    this.snapshot = snapshot;
    this.doors = FrontDoors.of(vertx);
  }

  /** Attaches what is on now, in place of what was: latency before error-rate, so a request fails after its wait. */
  void apply() {
    Optional<ActiveVariant> nginx = snapshot.active(Variant.NGINX_FAILURE);
    Optional<ActiveVariant> latency = snapshot.active(Variant.LATENCY);
    Optional<ActiveVariant> errors = snapshot.active(Variant.ERROR_RATE);
    List<Optional<ActiveVariant>> wanted = List.of(nginx, latency, errors);
    if (wanted.equals(applied)) {
      return;
    }
    stop();
    applied = wanted;
    nginx.ifPresent(refusing -> {
      for (Service service : Service.values()) {
        attached.add(doors.attach(service, refusingDeletes(refusing)));
      }
    });
    latency.ifPresent(waiting -> attached.add(doors.attach(waiting.service(), delaying(waiting))));
    errors.ifPresent(failures -> attached.add(doors.attach(failures.service(), failing(failures))));
  }

  void stop() {
    attached.forEach(Runnable::run);
    attached.clear();
    applied = List.of();
  }

  /** nginx's {@code limit_except GET POST PUT}: every DELETE answered 403. */
  private static FrontDoorHook refusingDeletes(ActiveVariant nginx) {
    return new FrontDoorHook() {
      @Override
      public Optional<ServiceException> refusal(ServiceRequest request, Span span) {
        if (request.method() != HttpMethod.DELETE) {
          return Optional.empty();
        }
        nginx.mark(span);
        return Optional.of(new ServiceException(403, "403 Forbidden"));
      }
    };
  }

  private FrontDoorHook delaying(ActiveVariant latency) {
    return new FrontDoorHook() {
      @Override
      public Future<ServiceResponse> around(ServiceRequest request, Span span, Supplier<Future<ServiceResponse>> handler) {
        if (!aimsAt(latency, request)) {
          return handler.get();
        }
        latency.mark(span);
        long delay = latency.integer("fixed_ms") + ThreadLocalRandom.current().nextLong(latency.integer("jitter_ms") + 1L);
        return vertx.timer(Math.max(1, delay)).compose(waited -> handler.get());
      }
    };
  }

  private static FrontDoorHook failing(ActiveVariant errors) {
    return new FrontDoorHook() {
      @Override
      public Future<ServiceResponse> around(ServiceRequest request, Span span, Supplier<Future<ServiceResponse>> handler) {
        if (!aimsAt(errors, request) || ThreadLocalRandom.current().nextDouble() >= errors.number("rate")) {
          return handler.get();
        }
        errors.mark(span);
        return Future.failedFuture(new ServiceException(500, "internal error in " + errors.service()));
      }
    };
  }

  /** Whether the variant's {@code route} (empty: every route) took {@code request}. */
  private static boolean aimsAt(ActiveVariant variant, ServiceRequest request) {
    String route = variant.text("route");
    return route.isEmpty() || route.equals(request.route());
  }
}
