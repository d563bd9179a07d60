package io.microbs.ecommerce.loadgen.report;

import io.microbs.ecommerce.loadgen.engine.Durations;
import io.microbs.ecommerce.loadgen.engine.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service levels a run must meet ({@code --max-p99}, {@code --max-error-rate}); either may be
 * absent. The p99 is over every request of the run, the error rate is failed requests / requests.
 */
public record Thresholds(Duration maxP99, Double maxErrorRate) {

  /** What the run missed, one sentence each; empty when it met every threshold. */
  public List<String> violations(Report report) {
    List<String> violations = new ArrayList<>();
    if (maxP99 != null && report.requestLatency().p99() > maxP99.toNanos() / 1e6) {
      violations.add("p99 latency " + report.requestLatency().p99() + " ms is over the maximum of "
          + Durations.format(maxP99));
    }
    if (maxErrorRate != null && report.errorRate() > maxErrorRate) {
      violations.add(String.format("error rate %.4f (%d of %d requests) is over the maximum of %s",
          report.errorRate(), report.errors(), report.requests(), maxErrorRate));
    }
    if (report.requests() == 0 && (maxP99 != null || maxErrorRate != null)) {
      violations.add("no request completed, so no threshold can be met");
    }
    return violations;
  }

  public JsonObject toJson(Report report) {
    JsonObject json = new JsonObject();
    if (maxP99 != null) {
      json.put("max_p99_ms", maxP99.toNanos() / 1e6);
    }
    if (maxErrorRate != null) {
      json.put("max_error_rate", maxErrorRate);
    }
    List<String> violations = violations(report);
    return json.put("passed", violations.isEmpty()).put("violations", new JsonArray(violations));
  }
}
