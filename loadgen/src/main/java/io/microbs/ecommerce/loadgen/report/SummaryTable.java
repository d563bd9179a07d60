package io.microbs.ecommerce.loadgen.report;

import io.microbs.ecommerce.loadgen.engine.LoadPlan;
import io.microbs.ecommerce.loadgen.engine.Report;
import io.microbs.ecommerce.loadgen.engine.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text a person reads in the terminal: a progress line per second, and the table at the end. */
public final class SummaryTable {
  private static final String ROW = "%-22s %9s %8s %8s %9s %9s %9s %9s%n";

  private SummaryTable() {
  }

  /**
   * {@code [  12s] 20 users | 153 iterations | 240.0 req/s | 0 errors | p50 3.10 ms  p99 12.40 ms} (the last
   * second's rates and latencies), with {@code | 12 refused} before the latencies once the shop has refused any.
   */
  public static String progress(Stats.Sample sample, LoadPlan.Model model, long iterations, long errors, long refused) {
    return String.format(Locale.ROOT, "[%5.0fs] %s | %d iterations | %.1f req/s | %d errors%s | p50 %.2f ms  p99 %.2f ms",
        sample.at(), model == LoadPlan.Model.CLOSED
            ? sample.active() + " users"
            : String.format(Locale.ROOT, "%.1f it/s, %d in progress", sample.target(), sample.active()),
        iterations, sample.requestsPerSecond(), errors, refused == 0 ? "" : " | " + refused + " refused",
        sample.p50(), sample.p99());
  }

  public static String format(Report report, List<String> violations) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%n%s flow against %s: %s (%s model)%n", report.flow(), report.url(),
        report.plan(), report.model().name().toLowerCase(Locale.ROOT)));
    text.append(String.format(Locale.ROOT,
        "duration %.1f s | %d iterations (%.2f/s), %d failed, %d refused | %d requests (%.1f/s) | %d errors (%.2f%%)"
            + " | %d refused (%.1f/s)%n%n",
        report.seconds(), report.iterations(), report.iterationsPerSecond(), report.failedIterations(),
        report.refusedIterations(), report.requests(), report.requestsPerSecond(), report.errors(), report.errorRate() * 100,
        report.refused(), report.refusedPerSecond()));
    text.append(String.format(Locale.ROOT, ROW, "step", "requests", "errors", "refused", "p50 ms", "p90 ms", "p99 ms", "max ms"));
    for (Report.StepReport step : report.steps()) {
      text.append(row(step.name(), step.requests(), Long.toString(step.errors()), Long.toString(step.refused()), step.latency()));
    }
    text.append(row("all requests", report.requests(), Long.toString(report.errors()), Long.toString(report.refused()),
        report.requestLatency()));
    if (report.promptLatency().count() != report.requestLatency().count()) {
      text.append(row("all but slow by design", report.promptLatency().count(), "-", "-", report.promptLatency()));
    }
    text.append(row("whole visit", report.iterations(), "-", "-", report.iterationLatency()));
    if (report.refused() > 0) {
      text.append(row("refusals", report.refused(), "-", "-", report.refusalLatency()));
    }
    for (Report.StepReport step : report.steps()) {
      step.failures().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(failure -> text.append(String.format(Locale.ROOT, "  %s failed %d× : %s%n",
              step.name(), failure.getValue(), failure.getKey())));
    }
    if (violations.isEmpty()) {
      text.append(String.format("%nthresholds: passed%n"));
    } else {
      violations.forEach(violation -> text.append(String.format("%nTHRESHOLD MISSED: %s", violation)));
      text.append(String.format("%n"));
    }
    return text.toString();
  }

  private static String row(String name, long count, String errors, String refused, Report.Latency latency) {
    return String.format(Locale.ROOT, ROW, name, count, errors, refused, decimal(latency.p50()), decimal(latency.p90()),
        decimal(latency.p99()), decimal(latency.max()));
  }

  private static String decimal(double millis) {
    return String.format(Locale.ROOT, "%.2f", millis);
  }
}
