package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-service request rate, errors and latency for {@code /metrics}, the same in every JVM whatever
 * it runs: one histogram {@code ecommerce_requests_seconds} by service, method, route (a template,
 * never the ids of a path) and status, in the registry vertx-micrometer-metrics set up for this
 * Vert.x. The services record what they answered over the event bus, the gateways what they
 * answered over HTTP. Each bucket keeps the trace of a recent request in it (an exemplar), so a
 * latency graph leads to a trace.
 */
public final class RequestMetrics {
  /**
   * Fixed buckets rather than Micrometer's ~70 per series; 0.5 s and 2.5 s are the latency objectives
   * of {@code observability/prometheus/rules.yml}, which read these buckets by their bound.
   */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final String service;
  private final MeterRegistry registry = BackendRegistries.getDefaultNow();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public RequestMetrics(String service) {
    this.service = service;
  }

  /** Records a request {@code span} belongs to, answered {@code status} after {@code System.nanoTime() - startedNanos}. */
  public void record(String route, HttpMethod method, int status, long startedNanos, Span span) {
    if (registry == null) {
      return; // metrics are off in this Vert.x
    }
    long elapsed = System.nanoTime() - startedNanos;
    Timer timer = timers.computeIfAbsent(method.name() + ' ' + route + ' ' + status, key -> Timer.builder("ecommerce.requests")
        .description("Requests a service answered, over the event bus or, for the gateways, over HTTP")
        .tags("service", service, "method", method.name(), "route", route, "status", Integer.toString(status))
        .serviceLevelObjectives(BUCKETS)
        .register(registry));
    try (Scope current = span.makeCurrent()) {
      timer.record(elapsed, TimeUnit.NANOSECONDS); // the exemplar sampler reads the current span
    }
  }
}
