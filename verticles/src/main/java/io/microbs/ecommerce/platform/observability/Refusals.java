package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a server refused to take on, and why, for {@code /metrics}: one counter
 * {@code ecommerce_requests_refused_total} by service (the server's name) and reason ({@code rate_limited},
 * {@code overloaded}, {@code overloaded_new_visit}, {@code too_many_connections}, {@code request_timeout}, …), and on
 * the request's span when there is one. Every reason a server can give is declared up front, so each series exists at
 * 0 from the start and a {@code rate()} over it has data before the first refusal.
 */
public final class Refusals {
  private static final String SPAN_ATTRIBUTE = "ecommerce.refused";

  private final Set<String> reasons;
  /** By reason; empty when metrics are off in this Vert.x. */
  private final Map<String, Counter> counters;

  public Refusals(String server, List<String> reasons) {
    this.reasons = Set.copyOf(reasons);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    this.counters = registry == null ? Map.of() : reasons.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
        reason -> Counter.builder("ecommerce.requests.refused")
            .description("Requests and connections a server refused to take on")
            .tags("service", server, "reason", reason)
            .register(registry)));
  }

  /** Counts a refusal that has no request of its own (a connection); {@code reason} is one of those declared. */
  public void count(String reason) {
    if (!reasons.contains(reason)) {
      throw new IllegalArgumentException(reason + " is not a reason this server declared: its series would not exist at 0");
    }
    Counter counter = counters.get(reason);
    if (counter != null) {
      counter.increment();
    }
  }

  /** Counts a refused request and says why on its span. */
  public void count(String reason, Span span) {
    count(reason);
    span.setAttribute(SPAN_ATTRIBUTE, reason);
  }
}
