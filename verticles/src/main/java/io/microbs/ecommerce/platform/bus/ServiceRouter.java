package io.microbs.ecommerce.platform.bus;

import io.microbs.ecommerce.platform.observability.RequestLog;
import io.microbs.ecommerce.platform.observability.RequestMetrics;
import io.microbs.ecommerce.platform.observability.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of a service on the event bus: it takes the HTTP-shaped requests the gateways send
 * to the service's address and routes them by method and path ({@code /:productId/:quantity}) to
 * the service's handlers. Every service also answers {@code GET /} with its settings (the
 * verticle's deployment config, which the launcher fills), as the reference does. A handler's failure becomes a JSON error with its status; anything unexpected is
 * logged and answered 500 without internals.
 *
 * <p>It counts the requests it is working on, so that a graceful stop can wait for them
 * ({@link #awaitIdle}).
 */
public final class ServiceRouter implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);
  /** Every router of a Vert.x instance, for {@link #awaitIdle}. */
  private static final String ROUTERS = "ecommerce.service-routers";
  private static final long IDLE_POLL_MILLIS = 20;

  private record Route(Set<HttpMethod> methods, String pattern, String[] segments,
                       Function<ServiceRequest, Future<ServiceResponse>> handler) {
  }

  private final Service service;
  private final List<Route> routes = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final RequestMetrics metrics;
  private FrontDoors doors;

  private ServiceRouter(Service service, JsonObject settings) {
    this.service = service;
    this.metrics = new RequestMetrics(service.serviceName());
    ServiceResponse shown = ServiceResponse.json(200, Buffer.buffer(settings.encodePrettily()));
    route(Set.of(HttpMethod.GET), "/", request -> Future.succeededFuture(shown));
  }

  /** A router for {@code service}, whose {@code GET /} shows {@code settings} (never a secret). */
  public static ServiceRouter of(Service service, JsonObject settings) {
    return new ServiceRouter(service, settings);
  }

  /** Answers {@code endpoint}, as its service's {@code api} package says it. */
  public ServiceRouter on(Endpoint endpoint, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    return route(Set.of(endpoint.method()), endpoint.template(), handler);
  }

  public ServiceRouter get(String path, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    return route(Set.of(HttpMethod.GET), path, handler);
  }

  public ServiceRouter post(String path, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    return route(Set.of(HttpMethod.POST), path, handler);
  }

  public ServiceRouter put(String path, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    return route(Set.of(HttpMethod.PUT), path, handler);
  }

  public ServiceRouter delete(String path, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    return route(Set.of(HttpMethod.DELETE), path, handler);
  }

  public ServiceRouter route(Set<HttpMethod> methods, String path, Function<ServiceRequest, Future<ServiceResponse>> handler) {
    routes.add(new Route(methods, path, segments(path), handler));
    return this;
  }

  /** Starts taking requests; the future completes once the consumer is registered (cluster-wide when clustered). */
  public Future<MessageConsumer<ServiceRequest>> listen(Vertx vertx) {
    doors = FrontDoors.of(vertx);
    HttpMessages.registerOn(vertx);
    MessageConsumer<ServiceRequest> consumer = vertx.eventBus().consumer(service.address(), this::handle);
    vertx.sharedData().<String, ServiceRouter>getLocalMap(ROUTERS)
        .put(service.address() + "@" + System.identityHashCode(this), this);
    return consumer.completion().map(consumer);
  }

  /**
   * Completes once no router of {@code vertx} has had a request in flight for {@code quiet} (the
   * time other members may still take to stop sending here), or after {@code patience}.
   */
  public static Future<Void> awaitIdle(Vertx vertx, Duration quiet, Duration patience) {
    List<ServiceRouter> routers = List.copyOf(vertx.sharedData().<String, ServiceRouter>getLocalMap(ROUTERS).values());
    Promise<Void> idle = Promise.promise();
    long started = System.nanoTime();
    AtomicLong lastBusy = new AtomicLong(started);
    vertx.setPeriodic(IDLE_POLL_MILLIS, timer -> {
      long now = System.nanoTime();
      if (routers.stream().anyMatch(router -> router.inFlight.get() > 0)) {
        lastBusy.set(now);
      }
      boolean quietEnough = now - lastBusy.get() >= quiet.toNanos();
      if (quietEnough || now - started > patience.toNanos()) {
        vertx.cancelTimer(timer);
        if (!quietEnough) {
          LOG.warn("stopping with requests still in flight after " + patience.toMillis() + " ms");
        }
        idle.complete();
      }
    });
    return idle.future();
  }

  private void handle(Message<ServiceRequest> message) {
    long started = System.nanoTime();
    Span span = Span.current();
    ServiceRequest request = message.body();
    inFlight.incrementAndGet();
    dispatch(request, span)
        .recover(failure -> Future.succeededFuture(toResponse(request, failure)))
        .onSuccess(response -> {
          if (response.status() >= 400) {
            Telemetry.markFailure(span); // before the reply, which ends the span
          }
          message.reply(response);
          metrics.record(request.route(), request.method(), response.status(), started, span);
          RequestLog.write(service.serviceName(), request.method().name(), request.path(), null, response.status(), started, span);
        })
        .onComplete(replied -> inFlight.decrementAndGet());
  }

  private Future<ServiceResponse> dispatch(ServiceRequest request, Span span) {
    List<FrontDoorHook> hooks = doors.at(service);
    for (FrontDoorHook hook : hooks) {
      Optional<ServiceException> refused = hook.refusal(request, span);
      if (refused.isPresent()) {
        return Future.failedFuture(refused.get());
      }
    }
    String[] path = segments(request.path());
    boolean pathMatched = false;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, path);
      if (params == null) {
        continue;
      }
      pathMatched = true;
      if (route.methods.contains(request.method())) {
        request.matched(route.pattern, params);
        // named after the route, as the reference's spans are (low cardinality: no ids in it)
        span.updateName(request.method().name() + " " + route.pattern);
        return hooks.isEmpty() ? invoke(route, request) : around(hooks, request, span, () -> invoke(route, request));
      }
    }
    return Future.failedFuture(pathMatched
        ? ServiceException.methodNotAllowed(request.method(), request.path())
        : ServiceException.notFound("no route " + request.path() + " on " + service));
  }

  /** Runs {@code handler} inside the hooks, the first attached outermost. */
  private static Future<ServiceResponse> around(List<FrontDoorHook> hooks, ServiceRequest request, Span span,
      Supplier<Future<ServiceResponse>> handler) {
    Supplier<Future<ServiceResponse>> chain = handler;
    for (int i = hooks.size() - 1; i >= 0; i--) {
      FrontDoorHook hook = hooks.get(i);
      Supplier<Future<ServiceResponse>> inner = chain;
      chain = () -> hook.around(request, span, inner);
    }
    return chain.get();
  }

  private static Future<ServiceResponse> invoke(Route route, ServiceRequest request) {
    try {
      return route.handler.apply(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private ServiceResponse toResponse(ServiceRequest request, Throwable failure) {
    ServiceException expected = ServiceException.expected(failure);
    if (expected != null) {
      if (expected.status() >= 500) {
        LOG.warn(service + " " + request.method() + " " + request.path() + " failed: " + expected.getMessage(),
            expected.getCause());
      }
      return expected.toResponse();
    }
    LOG.error(service + " " + request.method() + " " + request.path() + " failed", failure);
    return ServiceResponse.failure(500, "internal error in " + service);
  }

  private static String[] segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(":")) {
        if (params == null) {
          params = new HashMap<>(4);
        }
        params.put(pattern[i].substring(1), path[i]);
      } else if (!pattern[i].equals(path[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }
}
