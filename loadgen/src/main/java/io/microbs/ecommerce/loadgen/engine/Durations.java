package io.microbs.ecommerce.loadgen.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 30s}, {@code 500ms}, {@code 1m30s}, {@code 2h}; a bare number is seconds. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("((\\d+(?:\\.\\d+)?)(ms|s|m|h))+");

  private Durations() {
  }

  public static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d+(\\.\\d+)?")) {
      return Duration.ofNanos(Math.round(Double.parseDouble(trimmed) * 1e9));
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 30s, 500ms, 1m30s, 2h)");
    }
    double nanos = 0;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      double value = Double.parseDouble(part.group(1));
      nanos += value * switch (part.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** The short form {@link #parse} reads back: {@code 1m30s}, {@code 250ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    long minutes = duration.toMinutesPart();
    double seconds = duration.toSecondsPart() + duration.toMillisPart() / 1000.0;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0) {
      text.append(seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)).append('s');
    }
    return text.toString();
  }
}
