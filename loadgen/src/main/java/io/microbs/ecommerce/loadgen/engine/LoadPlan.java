package io.microbs.ecommerce.loadgen.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much load, and for how long: a number of virtual users (closed model) or a rate of iterations
 * per second (open model), either constant or ramped through stages as k6 does: each stage moves the
 * target linearly from the previous stage's target (0 before the first) to its own.
 *
 * @param initial the target at time 0
 * @param stages  the ramp; empty for a constant target that runs until stopped
 */
public record LoadPlan(Model model, double initial, List<Stage> stages) {

  public enum Model {
    /** A fixed number of users, each starting its next visit when the last one ends. */
    CLOSED("users"),
    /** Visits start on a schedule, whether or not earlier ones have finished. */
    OPEN("iterations/s");

    final String unit;

    Model(String unit) {
      this.unit = unit;
    }

    public String unit() {
      return unit;
    }
  }

  public record Stage(Duration duration, double target) {
  }

  public LoadPlan {
    stages = List.copyOf(stages);
  }

  public static LoadPlan constant(Model model, double target, Duration duration) {
    return new LoadPlan(model, target, duration == null ? List.of() : List.of(new Stage(duration, target)));
  }

  /**
   * Reads {@code 10s:50,30s:50,10s:0} (users) or {@code 10s:20/s,30s:20/s} (iterations per second:
   * every target then ends in {@code /s}).
   */
  public static LoadPlan parseStages(String spec) {
    List<Stage> stages = new ArrayList<>();
    Boolean open = null;
    for (String part : spec.split(",")) {
      String[] durationAndTarget = part.trim().split(":");
      if (durationAndTarget.length != 2) {
        throw new IllegalArgumentException("stage '" + part.trim() + "' is not DURATION:TARGET (for example 30s:50 or 30s:20/s)");
      }
      String target = durationAndTarget[1].trim();
      boolean rate = target.endsWith("/s");
      if (open != null && open != rate) {
        throw new IllegalArgumentException("stages mix users and rates ('" + spec + "'): end every target in /s, or none");
      }
      open = rate;
      double value;
      try {
        value = Double.parseDouble(rate ? target.substring(0, target.length() - 2) : target);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("stage target '" + target + "' is not a number");
      }
      if (value < 0 || (!rate && value != Math.rint(value))) {
        throw new IllegalArgumentException("stage target '" + target + "' must be " + (rate ? "a rate >= 0" : "a whole number of users >= 0"));
      }
      stages.add(new Stage(Durations.parse(durationAndTarget[0]), value));
    }
    return new LoadPlan(Boolean.TRUE.equals(open) ? Model.OPEN : Model.CLOSED, 0, stages);
  }

  /** The target {@code elapsedNanos} after the start: users, or iterations per second. */
  public double target(long elapsedNanos) {
    double from = initial;
    long stageStart = 0;
    for (Stage stage : stages) {
      long length = stage.duration.toNanos();
      if (elapsedNanos < stageStart + length) {
        return from + (stage.target - from) * (elapsedNanos - stageStart) / length;
      }
      from = stage.target;
      stageStart += length;
    }
    return from;
  }

  /** Whether the plan has run its course; a plan without stages never ends by itself. */
  boolean finished(long elapsedNanos) {
    return !stages.isEmpty() && elapsedNanos >= length().toNanos();
  }

  /** The total length, or null for a plan that runs until stopped. */
  Duration length() {
    return stages.isEmpty() ? null : stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** The highest target the plan reaches. */
  double peak() {
    return stages.stream().mapToDouble(Stage::target).reduce(initial, Math::max);
  }

  /** One line a person reads: {@code 20 users for 30s}, {@code ramp 0 → 50 → 50 → 0 users over 50s}. */
  public String describe() {
    Duration length = length();
    boolean constant = stages.stream().allMatch(stage -> stage.target == initial);
    if (constant) {
      return number(initial) + " " + model.unit + (length == null ? " until stopped" : " for " + Durations.format(length));
    }
    StringBuilder text = new StringBuilder("ramp ").append(number(initial));
    stages.forEach(stage -> text.append(" → ").append(number(stage.target)));
    return text.append(' ').append(model.unit).append(" over ").append(Durations.format(length)).toString();
  }

  /** {@code 20}, {@code 2.5}: a target as a person writes it. */
  public static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
