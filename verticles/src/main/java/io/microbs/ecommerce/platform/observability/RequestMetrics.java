package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-service request rate, errors and latency for {@code /metrics}: one histogram
 * {@code ecommerce_requests_seconds} by service, method, route (the pattern, never the ids in a
 * path) and status, in the registry vertx-micrometer-metrics set up for this Vert.x.
 */
public final class RequestMetrics {
  private final String service;
  private final MeterRegistry registry = BackendRegistries.getDefaultNow();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public RequestMetrics(String service) {
    this.service = service;
  }

  public void record(String route, HttpMethod method, int status, long startedNanos) {
    if (registry == null) {
      return; // metrics are off in this Vert.x
    }
    long elapsed = System.nanoTime() - startedNanos;
    timers.computeIfAbsent(method.name() + ' ' + route + ' ' + status, key -> Timer.builder("ecommerce.requests")
            .description("Requests a service answered over the event bus")
            .tags("service", service, "method", method.name(), "route", route, "status", Integer.toString(status))
            .publishPercentileHistogram()
            .register(registry))
        .record(elapsed, TimeUnit.NANOSECONDS);
  }
}
