package io.microbs.ecommerce.platform.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.util.CachingDateFormatter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * The reference's logfmt line: {@code ts=… level=info msg="…"}, then the event's key-value pairs in
 * the order they were added (a request line, the answer key), or else {@code logger=…}; an exception
 * is folded onto the line. A layout of its own because Logback's stock ones write patterns or JSON,
 * and a pattern cannot quote and escape each value only where logfmt needs it.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  /** {@code 2026-11-24T05:12:29.829Z}, the reference's {@code ts}; cached, as most lines share their millisecond. */
  private final CachingDateFormatter timestamps = new CachingDateFormatter("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", ZoneOffset.UTC);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(256)
        .append("ts=").append(timestamps.format(event.getTimeStamp()))
        .append(" level=").append(level(event.getLevel()))
        .append(" msg=").append(value(event.getFormattedMessage()));
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null || pairs.isEmpty()) {
      line.append(" logger=").append(value(event.getLoggerName()));
    } else {
      for (KeyValuePair pair : pairs) {
        line.append(' ').append(pair.key).append('=').append(value(pair.value == null ? null : pair.value.toString()));
      }
    }
    if (event.getThrowableProxy() instanceof ThrowableProxy thrown) {
      StringWriter trace = new StringWriter();
      thrown.getThrowable().printStackTrace(new PrintWriter(trace));
      line.append(" exception=").append(value(trace.toString()));
    }
    return line.append('\n').toString();
  }

  /** The reference's level names; trace, which it lacks, counts as debug. */
  private static String level(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "error";
      case Level.WARN_INT -> "warn";
      case Level.INFO_INT -> "info";
      default -> "debug";
    };
  }

  /** A logfmt value: quoted when it holds a space, {@code =} or a quote; newlines escaped so one event stays one line. */
  static String value(String raw) {
    if (raw == null) {
      return "";
    }
    if (isPlain(raw)) {
      return raw; // the common case (paths, names, ids) allocates nothing
    }
    String escaped = raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "");
    return escaped.isEmpty() || escaped.indexOf(' ') >= 0 || escaped.indexOf('=') >= 0 || escaped.indexOf('"') >= 0
        ? "\"" + escaped + "\""
        : escaped;
  }

  private static boolean isPlain(String raw) {
    if (raw.isEmpty()) {
      return false;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
