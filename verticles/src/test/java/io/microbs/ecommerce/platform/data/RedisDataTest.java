package io.microbs.ecommerce.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** A Redis data service on a real server of its own, which counts the reads it makes. */
class RedisDataTest {
  private static final int PORT = RunningShop.freePort();
  private static RedisServer server;
  private static Vertx vertx;
  private static Context eventLoop;
  private static RedisData cartData;
  private static Redis observer;

  @BeforeAll
  static void start() throws Exception {
    server = RedisServer.newRedisServer().bind("127.0.0.1").port(PORT).setting("save \"\"").build();
    server.start();
    vertx = Vertx.vertx();
    eventLoop = vertx.getOrCreateContext();
    cartData = onTheEventLoop(() -> Future.succeededFuture(new RedisData(vertx, "cart-data", RedisAddress.server("127.0.0.1", PORT, 0))));
    observer = Redis.createClient(vertx, "redis://127.0.0.1:" + PORT);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await();
    server.stop();
  }

  @Test
  void commandsSentInOneGoLeaveInOneWriteAndAreAnsweredInOrder() {
    onTheEventLoop(() -> cartData.send(Command.PING)); // makes the connection the commands are pipelined on
    long readsBefore = readsProcessed();

    List<Integer> answers = onTheEventLoop(() -> {
      List<Future<Integer>> counted = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        counted.add(cartData.send(Command.INCR, "counter").map(Response::toInteger));
      }
      return Future.all(counted).map(all -> all.<Integer>list());
    });

    // one read of the hundred commands, and one of the INFO that counts the reads
    assertThat(readsProcessed() - readsBefore).isLessThanOrEqualTo(2);
    assertThat(answers).hasSize(100).isSorted().startsWith(1).endsWith(100);
  }

  private static long readsProcessed() {
    String stats = observer.send(Request.cmd(Command.INFO).arg("stats")).await().toString();
    return stats.lines().filter(line -> line.startsWith("total_reads_processed:"))
        .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElseThrow();
  }

  /** What {@code action} completes with, run on the event loop a verticle's RedisData lives on. */
  private static <T> T onTheEventLoop(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    eventLoop.runOnContext(ignored -> action.get().onComplete(done));
    return done.future().await();
  }
}
