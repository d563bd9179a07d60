package io.microbs.ecommerce.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stdout that cannot keep up: the lines that do not fit the queue are dropped, never waited for, and counted. */
class CountingAsyncAppenderTest {

  @Test
  void aLineThatFindsTheQueueFullIsDroppedAndCounted() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    CountDownLatch stdoutStuck = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    AppenderBase<ILoggingEvent> slowStdout = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        try {
          stdoutStuck.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.incrementAndGet();
      }
    };
    slowStdout.setContext(context);
    slowStdout.start();
    CountingAsyncAppender queue = new CountingAsyncAppender();
    queue.setContext(context);
    queue.setQueueSize(2);
    queue.setDiscardingThreshold(0);
    queue.setNeverBlock(true);
    queue.addAppender(slowStdout);
    queue.start();
    Logger logger = context.getLogger("test");
    logger.addAppender(queue);
    long droppedBefore = CountingAsyncAppender.dropped();

    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      logger.info("line {}", i);
    }
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    stdoutStuck.countDown();
    queue.stop();

    assertThat(took).as("ms to log 100 lines past a stuck stdout").isLessThan(5_000);
    long dropped = CountingAsyncAppender.dropped() - droppedBefore;
    assertThat(dropped + written.get()).as("every line written or counted as dropped").isEqualTo(100);
    assertThat(dropped).as("dropped, with the writer stuck on its first line").isGreaterThanOrEqualTo(90);
  }
}
