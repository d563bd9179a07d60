package io.microbs.ecommerce.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run, as numbers: what {@code report.json}, {@code report.html}, the summary
 * table and the admin API's status show. Latencies are in milliseconds.
 *
 * @param plan    the load as a person reads it ({@code 20 users for 30s})
 * @param seconds from the start until the last request ended
 */
record Report(String url, String flow, LoadPlan.Model model, String plan, Instant startedAt, double seconds,
              long iterations, long failedIterations, long requests, long errors,
              Latency requestLatency, Latency iterationLatency, List<StepReport> steps, List<Stats.Sample> timeline) {

  /** Percentiles of one histogram, in milliseconds. */
  record Latency(long count, double mean, double p50, double p90, double p95, double p99, double max) {
    static Latency of(Histogram histogram) {
      if (histogram.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0, 0);
      }
      return new Latency(histogram.getTotalCount(), Math.round(histogram.getMean() / 10.0) / 100.0,
          Stats.millis(histogram.getValueAtPercentile(50)), Stats.millis(histogram.getValueAtPercentile(90)),
          Stats.millis(histogram.getValueAtPercentile(95)), Stats.millis(histogram.getValueAtPercentile(99)),
          Stats.millis(histogram.getMaxValue()));
    }

    JsonObject toJson() {
      return new JsonObject().put("count", count).put("mean", mean).put("p50", p50).put("p90", p90)
          .put("p95", p95).put("p99", p99).put("max", max);
    }
  }

  record StepReport(String name, long requests, long errors, Latency latency, Map<String, Long> failures) {
  }

  static Report of(String url, String flow, LoadPlan plan, Instant startedAt, double seconds, Stats stats, boolean withTimeline) {
    List<StepReport> steps = stats.steps().stream()
        .map(step -> new StepReport(step.name, step.requests, step.errors, Latency.of(step.latency), Map.copyOf(step.failures)))
        .toList();
    return new Report(url, flow, plan.model(), plan.describe(), startedAt, seconds, stats.iterations(), stats.failedIterations(),
        stats.requests(), stats.errors(), Latency.of(stats.requestLatency()), Latency.of(stats.iterationLatency()), steps,
        withTimeline ? stats.timeline() : List.of());
  }

  double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }

  double requestsPerSecond() {
    return seconds == 0 ? 0 : requests / seconds;
  }

  double iterationsPerSecond() {
    return seconds == 0 ? 0 : iterations / seconds;
  }

  JsonObject toJson() {
    JsonArray stepsJson = new JsonArray();
    for (StepReport step : steps) {
      JsonObject failures = new JsonObject();
      step.failures.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(failure -> failures.put(failure.getKey(), failure.getValue()));
      stepsJson.add(new JsonObject().put("name", step.name).put("requests", step.requests).put("errors", step.errors)
          .put("latency_ms", step.latency.toJson()).put("failures", failures));
    }
    JsonArray timelineJson = new JsonArray();
    for (Stats.Sample sample : timeline) {
      timelineJson.add(new JsonObject().put("at", round(sample.at())).put("seconds", round(sample.seconds()))
          .put("target", round(sample.target())).put("active", sample.active())
          .put("iterations", sample.iterations()).put("requests", sample.requests()).put("errors", sample.errors())
          .put("p50", sample.p50()).put("p90", sample.p90()).put("p99", sample.p99()).put("max", sample.max()));
    }
    return new JsonObject()
        .put("url", url)
        .put("flow", flow)
        .put("model", model.name().toLowerCase())
        .put("plan", plan)
        .put("started_at", startedAt.toString())
        .put("duration_seconds", round(seconds))
        .put("iterations", iterations)
        .put("failed_iterations", failedIterations)
        .put("iterations_per_second", round(iterationsPerSecond()))
        .put("requests", requests)
        .put("requests_per_second", round(requestsPerSecond()))
        .put("errors", errors)
        .put("error_rate", Math.round(errorRate() * 1e6) / 1e6)
        .put("latency_ms", requestLatency.toJson())
        .put("iteration_latency_ms", iterationLatency.toJson())
        .put("steps", stepsJson)
        .put("timeline", timelineJson);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
