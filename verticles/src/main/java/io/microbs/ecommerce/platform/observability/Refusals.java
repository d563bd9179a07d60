package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a server refused to take on, and why, for {@code /metrics}: one counter
 * {@code ecommerce_requests_refused_total} by service (the server's name) and reason ({@code rate_limited},
 * {@code overloaded}, {@code overloaded_new_visit}, {@code too_many_connections}, {@code request_timeout}, …), and on the request's span when there is one.
 */
public final class Refusals {
  private static final String SPAN_ATTRIBUTE = "ecommerce.refused";

  private final String server;
  private final MeterRegistry registry = BackendRegistries.getDefaultNow();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public Refusals(String server) {
    this.server = server;
  }

  /** Counts a refusal that has no request of its own (a connection). */
  public void count(String reason) {
    if (registry != null) {
      counters.computeIfAbsent(reason, key -> Counter.builder("ecommerce.requests.refused")
          .description("Requests and connections a server refused to take on")
          .tags("service", server, "reason", reason)
          .register(registry)).increment();
    }
  }

  /** Counts a refused request and says why on its span. */
  public void count(String reason, Span span) {
    count(reason);
    span.setAttribute(SPAN_ATTRIBUTE, reason);
  }
}
