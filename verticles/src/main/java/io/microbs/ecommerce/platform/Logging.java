package io.microbs.ecommerce.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logs as the reference writes them: logfmt on stdout, one line per event
 * ({@code ts=… level=info msg="…" logger=…}), exceptions folded onto the line.
 */
public final class Logging {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Logging() {
  }

  /** Sends every java.util.logging record (Vert.x, Hazelcast and slf4j ones included) to stdout as logfmt. */
  public static void install() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler stdout = new ConsoleHandler() {
      {
        setOutputStream(System.out);
      }
    };
    stdout.setFormatter(new Logfmt());
    stdout.setLevel(Level.ALL);
    root.addHandler(stdout);
    root.setLevel(Level.INFO);
    // Hazelcast narrates every partition move, and zonky every initdb step, at INFO.
    Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
    Logger.getLogger("io.zonky").setLevel(Level.WARNING);
  }

  /** Sets the level named by {@code LOG_LEVEL}: debug, info, warn or error. */
  public static void setLevel(String level) {
    Logger.getLogger("").setLevel(switch (level.toUpperCase()) {
      case "DEBUG" -> Level.FINE;
      case "WARN", "WARNING" -> Level.WARNING;
      case "ERROR" -> Level.SEVERE;
      default -> Level.INFO;
    });
  }

  static String level(Level level) {
    int value = level.intValue();
    return value >= Level.SEVERE.intValue() ? "error"
        : value >= Level.WARNING.intValue() ? "warn"
        : value >= Level.INFO.intValue() ? "info"
        : "debug";
  }

  /** A logfmt value: quoted when it holds a space, {@code =} or a quote; newlines escaped so one event stays one line. */
  public static String value(String raw) {
    if (raw == null) {
      return "";
    }
    String escaped = raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "");
    return escaped.isEmpty() || escaped.indexOf(' ') >= 0 || escaped.indexOf('=') >= 0 || escaped.indexOf('"') >= 0
        ? "\"" + escaped + "\""
        : escaped;
  }

  private static final class Logfmt extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160)
          .append("ts=").append(TS.format(Instant.ofEpochMilli(record.getMillis())))
          .append(" level=").append(level(record.getLevel()))
          .append(" msg=").append(value(formatMessage(record)))
          .append(" logger=").append(value(record.getLoggerName()));
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(" exception=").append(value(trace.toString()));
      }
      return line.append('\n').toString();
    }
  }
}
