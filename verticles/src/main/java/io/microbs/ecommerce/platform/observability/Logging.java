package io.microbs.ecommerce.platform.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging is SLF4J over Logback, written as logfmt on stdout by {@link LogfmtLayout} (see logback.xml);
 * this sets what the configuration file cannot: the java.util.logging bridge and the level of {@code LOG_LEVEL}.
 */
public final class Logging {
  /** The root's appender in logback.xml that queues the lines for stdout. */
  private static final String QUEUE_APPENDER = "ASYNC";
  /** At most this long for the queue at the stop: a stdout that does not take the lines by then would not take them at all. */
  private static final long QUEUE_WAIT_NANOS = 1_000_000_000L;

  private Logging() {
  }

  /** Sends the records of libraries hard-wired to java.util.logging to Logback, so that every line on stdout is logfmt. */
  public static void install() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /** Sets the level named by {@code LOG_LEVEL}: debug, info, warn (or warning) or error; anything else is info. */
  public static void setLevel(String level) {
    Level parsed = switch (level.toUpperCase()) {
      case "DEBUG" -> Level.DEBUG;
      case "WARN", "WARNING" -> Level.WARN;
      case "ERROR" -> Level.ERROR;
      default -> Level.INFO;
    };
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
  }

  /**
   * Writes out the lines still queued and stops logging, for a JVM about to halt without its shutdown
   * hooks. The queue is waited out first, with classes already loaded: where the jar was rebuilt under
   * the JVM, stopping the context fails on a class it cannot load, and the stop's last line must be out by then.
   */
  public static void stop() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Appender<ILoggingEvent> queued = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(QUEUE_APPENDER);
    long deadline = System.nanoTime() + QUEUE_WAIT_NANOS;
    while (queued instanceof AsyncAppender queue && queue.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    context.stop();
  }
}
