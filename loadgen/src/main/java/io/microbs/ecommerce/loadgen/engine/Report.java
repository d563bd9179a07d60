package io.microbs.ecommerce.loadgen.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run, as numbers: what {@code report.json}, {@code report.html}, the summary
 * table and the admin API's status show. Latencies are in milliseconds.
 *
 * @param plan             the load as a person reads it ({@code 20 users for 30s})
 * @param seconds          from the start until the last request ended
 * @param requests         requests answered or failed; refused ones are not in it, nor in {@code errors}
 * @param refused          requests the shop refused (503 or 429 with {@code Retry-After}), each ending its visit
 * @param promptLatency    of the requests of the steps that are not slow by design (all but the payment)
 * @param refusalLatency   of the refused requests: how fast the shop said no
 */
public record Report(String url, String flow, LoadPlan.Model model, String plan, Instant startedAt, double seconds,
                     long iterations, long failedIterations, long refusedIterations, long requests, long errors,
                     long refused, Latency requestLatency, Latency promptLatency, Latency refusalLatency,
                     Latency iterationLatency, List<StepReport> steps, List<Stats.Sample> timeline) {

  /** Percentiles of one histogram, in milliseconds. */
  public record Latency(long count, double mean, double p50, double p90, double p95, double p99, double max) {
    static Latency of(Histogram histogram) {
      if (histogram.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0, 0);
      }
      return new Latency(histogram.getTotalCount(), Math.round(histogram.getMean() / 10.0) / 100.0,
          Stats.millis(histogram.getValueAtPercentile(50)), Stats.millis(histogram.getValueAtPercentile(90)),
          Stats.millis(histogram.getValueAtPercentile(95)), Stats.millis(histogram.getValueAtPercentile(99)),
          Stats.millis(histogram.getMaxValue()));
    }
  }

  public record StepReport(String name, long requests, long errors, long refused, Latency latency, Map<String, Long> failures) {
  }

  static Report of(String url, String flow, LoadPlan plan, Instant startedAt, double seconds, Stats stats, boolean withTimeline) {
    List<StepReport> steps = stats.steps().stream()
        .map(step -> new StepReport(step.step.label(), step.requests, step.errors, step.refused, Latency.of(step.latency),
            Map.copyOf(step.failures)))
        .toList();
    return new Report(url, flow, plan.model(), plan.describe(), startedAt, seconds, stats.iterations(), stats.failedIterations(),
        stats.refusedIterations(), stats.requests(), stats.errors(), stats.refused(), Latency.of(stats.requestLatency()),
        Latency.of(stats.promptLatency()), Latency.of(stats.refusalLatency()), Latency.of(stats.iterationLatency()), steps,
        withTimeline ? stats.timeline() : List.of());
  }

  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }

  public double requestsPerSecond() {
    return seconds == 0 ? 0 : requests / seconds;
  }

  public double refusedPerSecond() {
    return seconds == 0 ? 0 : refused / seconds;
  }

  public double iterationsPerSecond() {
    return seconds == 0 ? 0 : iterations / seconds;
  }
}
