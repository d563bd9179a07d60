package io.microbs.ecommerce.platform.observability;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
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

  /** The last timestamp formatted: lines come thousands a second, and most share their millisecond. */
  private record Stamp(long millis, String text) {
  }

  private static volatile Stamp lastStamp = new Stamp(0, TS.format(Instant.EPOCH));

  /** {@code 2026-11-24T05:12:29.829Z}, the reference's {@code ts}. */
  public static String timestamp(long epochMillis) {
    Stamp stamp = lastStamp;
    if (stamp.millis != epochMillis) {
      stamp = new Stamp(epochMillis, TS.format(Instant.ofEpochMilli(epochMillis)));
      lastStamp = stamp;
    }
    return stamp.text;
  }

  private Logging() {
  }

  /** Sends every java.util.logging record (Vert.x, Hazelcast and slf4j ones included) to stdout as logfmt. */
  public static void install() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Formatter logfmt = new Logfmt();
    Handler stdout = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (isLoggable(record)) {
          write(logfmt.format(record));
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    stdout.setLevel(Level.ALL);
    root.addHandler(stdout);
    root.setLevel(Level.INFO);
    // Hazelcast narrates every partition move, and zonky every initdb step, at INFO.
    Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
    Logger.getLogger("io.zonky").setLevel(Level.WARNING);
  }

  /**
   * Writes a finished line (ending in a newline) to stdout without making the caller wait for the
   * terminal: lines queue for a writer thread, so an event loop never blocks on a slow stdout. A
   * full queue drops the line and counts it, rather than stall the shop.
   */
  public static void write(String line) {
    if (!STDOUT.lines.offer(line)) {
      STDOUT.dropped.incrementAndGet();
    }
  }

  private static final AsyncStdout STDOUT = new AsyncStdout();

  /** Writes out what is queued now, for a JVM about to end without its shutdown hooks. */
  public static void flush() {
    STDOUT.drain();
  }

  /**
   * The writer wakes on its own every {@value #BATCH_MILLIS} ms and writes what queued meanwhile, with
   * one flush: a writer woken for each line cost the event loops a thread wake-up per line and the
   * writer a system call per line, thousands a second under load.
   */
  private static final class AsyncStdout implements Runnable {
    private static final long BATCH_MILLIS = 20;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);

    AsyncStdout() {
      Thread writer = new Thread(this, "stdout-writer");
      writer.setDaemon(true);
      writer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(this::drain, "stdout-drain"));
    }

    @Override
    public void run() {
      try {
        while (true) {
          Thread.sleep(BATCH_MILLIS);
          drain();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private synchronized void drain() {
      List<String> batch = new ArrayList<>(lines.size());
      lines.drainTo(batch); // takes the queue's lock once, not once a line
      batch.forEach(this::print);
      boolean wrote = !batch.isEmpty();
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        print("ts=" + timestamp(System.currentTimeMillis()) + " level=warn msg=\"stdout could not keep up; dropped " + lost
            + " log lines\"\n");
        wrote = true;
      }
      if (wrote) {
        try {
          out.flush();
        } catch (IOException e) {
          // stdout is gone; nothing else to tell it to
        }
      }
    }

    private void print(String line) {
      try {
        out.write(line.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // stdout is gone; nothing else to tell it to
      }
    }
  }

  private static volatile boolean logsRequests = true;

  /** Whether request lines (level info) are written at the level set. */
  static boolean logsRequests() {
    return logsRequests;
  }

  /** Sets the level named by {@code LOG_LEVEL}: debug, info, warn or error. */
  public static void setLevel(String level) {
    Level parsed = switch (level.toUpperCase()) {
      case "DEBUG" -> Level.FINE;
      case "WARN", "WARNING" -> Level.WARNING;
      case "ERROR" -> Level.SEVERE;
      default -> Level.INFO;
    };
    Logger.getLogger("").setLevel(parsed);
    logsRequests = parsed.intValue() <= Level.INFO.intValue();
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

  private static final class Logfmt extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160)
          .append("ts=").append(timestamp(record.getMillis()))
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
