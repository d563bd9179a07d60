package io.microbs.ecommerce.loadgen.report;

import io.microbs.ecommerce.loadgen.engine.Report;
import io.microbs.ecommerce.loadgen.engine.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** A run's outcome as JSON: {@code report.json}, the data of {@code report.html}, and the admin API's numbers. */
public final class JsonReport {
  private JsonReport() {
  }

  public static JsonObject of(Report report) {
    JsonArray stepsJson = new JsonArray();
    for (Report.StepReport step : report.steps()) {
      JsonObject failures = new JsonObject();
      step.failures().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(failure -> failures.put(failure.getKey(), failure.getValue()));
      stepsJson.add(new JsonObject().put("name", step.name()).put("requests", step.requests()).put("errors", step.errors())
          .put("refused", step.refused()).put("latency_ms", latency(step.latency())).put("failures", failures));
    }
    JsonArray timelineJson = new JsonArray();
    for (Stats.Sample sample : report.timeline()) {
      timelineJson.add(new JsonObject().put("at", round(sample.at())).put("seconds", round(sample.seconds()))
          .put("target", round(sample.target())).put("active", sample.active())
          .put("iterations", sample.iterations()).put("requests", sample.requests()).put("errors", sample.errors())
          .put("refused", sample.refused()).put("p50", sample.p50()).put("p90", sample.p90()).put("p99", sample.p99()).put("max", sample.max()));
    }
    return new JsonObject()
        .put("url", report.url())
        .put("flow", report.flow())
        .put("model", report.model().name().toLowerCase(Locale.ROOT))
        .put("plan", report.plan())
        .put("started_at", report.startedAt().toString())
        .put("duration_seconds", round(report.seconds()))
        .put("iterations", report.iterations())
        .put("failed_iterations", report.failedIterations())
        .put("refused_iterations", report.refusedIterations())
        .put("iterations_per_second", round(report.iterationsPerSecond()))
        .put("requests", report.requests())
        .put("requests_per_second", round(report.requestsPerSecond()))
        .put("errors", report.errors())
        .put("error_rate", Math.round(report.errorRate() * 1e6) / 1e6)
        .put("refused", report.refused())
        .put("refused_per_second", round(report.refusedPerSecond()))
        .put("latency_ms", latency(report.requestLatency()))
        .put("prompt_latency_ms", latency(report.promptLatency()))
        .put("refusal_latency_ms", latency(report.refusalLatency()))
        .put("iteration_latency_ms", latency(report.iterationLatency()))
        .put("steps", stepsJson)
        .put("timeline", timelineJson);
  }

  private static JsonObject latency(Report.Latency latency) {
    return new JsonObject().put("count", latency.count()).put("mean", latency.mean()).put("p50", latency.p50())
        .put("p90", latency.p90()).put("p95", latency.p95()).put("p99", latency.p99()).put("max", latency.max());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
