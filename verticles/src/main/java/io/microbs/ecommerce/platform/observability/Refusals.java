package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a server refused to take on, and why, for {@code /metrics}: one counter
 * {@code ecommerce_refused_total} by server and reason ({@code rate_limited}, {@code overloaded},
 * {@code too_many_connections}, {@code request_timeout}, …).
 */
public final class Refusals {
  private final String server;
  private final MeterRegistry registry = BackendRegistries.getDefaultNow();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public Refusals(String server) {
    this.server = server;
  }

  public void count(String reason) {
    if (registry != null) {
      counters.computeIfAbsent(reason, key -> Counter.builder("ecommerce.refused")
          .description("Requests and connections a server refused to take on")
          .tags("server", server, "reason", reason)
          .register(registry)).increment();
    }
  }
}
