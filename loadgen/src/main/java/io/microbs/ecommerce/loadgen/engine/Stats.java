package io.microbs.ecommerce.loadgen.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a run measured: per step and overall, latency in HdrHistograms (microseconds) and counts of
 * requests, failures and iterations, plus a per-second timeline. Requests the shop refused (503 or
 * 429 with {@code Retry-After}: it sheds load as it should) are counted apart, with their own
 * latency, and are neither requests nor errors. Not thread-safe: a run records from its one event loop.
 */
public final class Stats {
  /** Longer latencies are recorded as this; a request timeout is far shorter anyway. */
  static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
  /** Distinct failure reasons kept per step; the rest are counted together, so a flood of odd errors stays bounded. */
  private static final int MAX_REASONS = 10;
  static final String OTHER_REASONS = "other reasons";

  /** In the flow's order, so the reports list the steps as a visit makes them. */
  private final Map<Step, StepCounts> steps = new LinkedHashMap<>();
  private final Histogram requestLatency = histogram();
  /** Requests of the steps that are not {@link Step#slowByDesign()}: what a service level is set on. */
  private final Histogram promptLatency = histogram();
  private final Histogram refusalLatency = histogram();
  private final Histogram iterationLatency = histogram();
  private final Histogram intervalLatency = histogram();
  private final Deque<Sample> timeline = new ArrayDeque<>();
  private final int timelineLimit;
  private long iterations;
  private long failedIterations;
  private long refusedIterations;
  private long intervalIterations;
  private long intervalRequests;
  private long intervalErrors;
  private long intervalRefused;

  /** One request kind of a flow: its latency, how often it ran and failed, and why it failed. */
  static final class StepCounts {
    final Step step;
    final Histogram latency = histogram();
    long requests;
    long errors;
    long refused;
    final Map<String, Long> failures = new LinkedHashMap<>();

    StepCounts(Step step) {
      this.step = step;
    }
  }

  /**
   * One interval of the timeline (a second, the last one possibly shorter).
   *
   * @param at     seconds from the start to the end of the interval
   * @param target users or iterations per second the plan asked for
   * @param active virtual users running (closed model) or visits in progress (open model)
   */
  public record Sample(double at, double seconds, double target, int active, long iterations, long requests, long errors,
                long refused, double p50, double p90, double p99, double max) {

    public double requestsPerSecond() {
      return requests / seconds;
    }

    public double iterationsPerSecond() {
      return iterations / seconds;
    }
  }

  /** @param timelineLimit samples kept; the oldest go first, so a loadgen that runs for days stays small */
  Stats(List<Step> flowSteps, int timelineLimit) {
    flowSteps.forEach(step -> steps.put(step, new StepCounts(step)));
    this.timelineLimit = timelineLimit;
  }

  private static Histogram histogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  /** A request of {@code step} took {@code micros}; {@code failure} says what was wrong with it, or is null. */
  void request(Step step, long micros, String failure) {
    long value = Math.min(Math.max(micros, 0), MAX_MICROS);
    StepCounts stats = steps.get(step);
    stats.latency.recordValue(value);
    requestLatency.recordValue(value);
    if (!step.slowByDesign()) {
      promptLatency.recordValue(value);
    }
    intervalLatency.recordValue(value);
    stats.requests++;
    intervalRequests++;
    if (failure != null) {
      stats.errors++;
      intervalErrors++;
      String reason = stats.failures.containsKey(failure) || stats.failures.size() < MAX_REASONS ? failure : OTHER_REASONS;
      stats.failures.merge(reason, 1L, Long::sum);
    }
  }

  /** The shop refused a request of {@code step} after {@code micros}: shed load, not an error. */
  void refusal(Step step, long micros) {
    steps.get(step).refused++;
    refusalLatency.recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
    intervalRefused++;
  }

  /** How a visit ended. */
  enum Outcome { COMPLETED, FAILED, REFUSED }

  /** A visit ended: every step passed after {@code micros} from its intended start, or one failed, or was refused. */
  void iteration(long micros, Outcome outcome) {
    switch (outcome) {
      case COMPLETED -> {
        iterations++;
        intervalIterations++;
        iterationLatency.recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
      }
      case FAILED -> failedIterations++;
      case REFUSED -> refusedIterations++;
    }
  }

  /** Ends the current interval, adds it to the timeline and starts the next. */
  Sample closeInterval(double at, double seconds, double target, int active) {
    Sample sample = new Sample(at, seconds, target, active, intervalIterations, intervalRequests, intervalErrors, intervalRefused,
        millis(intervalLatency.getValueAtPercentile(50)), millis(intervalLatency.getValueAtPercentile(90)),
        millis(intervalLatency.getValueAtPercentile(99)), millis(intervalLatency.getMaxValue()));
    intervalLatency.reset();
    intervalIterations = 0;
    intervalRequests = 0;
    intervalErrors = 0;
    intervalRefused = 0;
    timeline.addLast(sample);
    if (timeline.size() > timelineLimit) {
      timeline.removeFirst();
    }
    return sample;
  }

  /** Whether the current interval recorded anything yet. */
  boolean pendingInInterval() {
    return intervalRequests > 0 || intervalIterations > 0 || intervalRefused > 0;
  }

  Collection<StepCounts> steps() {
    return steps.values();
  }

  Histogram requestLatency() {
    return requestLatency;
  }

  Histogram promptLatency() {
    return promptLatency;
  }

  Histogram refusalLatency() {
    return refusalLatency;
  }

  Histogram iterationLatency() {
    return iterationLatency;
  }

  long iterations() {
    return iterations;
  }

  long failedIterations() {
    return failedIterations;
  }

  long refusedIterations() {
    return refusedIterations;
  }

  long requests() {
    return requestLatency.getTotalCount();
  }

  long errors() {
    return steps.values().stream().mapToLong(step -> step.errors).sum();
  }

  long refused() {
    return refusalLatency.getTotalCount();
  }

  List<Sample> timeline() {
    return List.copyOf(timeline);
  }

  static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
