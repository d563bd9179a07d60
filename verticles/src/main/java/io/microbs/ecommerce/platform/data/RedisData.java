package io.microbs.ecommerce.platform.data;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis data service (cart-data, session-data) as a service sees it: every command bounded by a
 * timeout, and any failure to reach the server turned into a {@link DataUnavailableException} that
 * names the data service. One per verticle instance, used on its event loop.
 *
 * <p>Commands go pipelined on one connection held from the pool: under load, Redis reads several in
 * one system call and answers them in one, where a pool checkout per command costs each its own
 * system calls and its own round trip, in the shop and in Redis. The pool sends the commands while
 * that connection is being made, and makes it again after a command on it failed, so the service
 * recovers when the server is back.
 */
public final class RedisData {
  private static final Logger LOG = LoggerFactory.getLogger(RedisData.class);
  private static final long COMMAND_TIMEOUT_MILLIS = 1_000;
  private static final int POOL_SIZE = 16;

  private final String name;
  private final Redis redis;
  /** The connection commands are pipelined on; null until made, and after a command on it failed. */
  private RedisConnection pipelined;
  private boolean connecting;

  public RedisData(Vertx vertx, String name, RedisAddress address) {
    this.name = name;
    RedisOptions options = address.clientOptions(POOL_SIZE);
    options.setPoolName(name); // its pool's and connections' metrics under its own name, not a random id
    options.getNetClientOptions().setMetricsName(name);
    this.redis = Redis.createClient(vertx, options);
  }

  public String name() {
    return name;
  }

  public Future<Response> send(Command command, Object... args) {
    return send(Request.cmd(command, args));
  }

  /**
   * Runs a Lua script atomically: keys first, then arguments, as EVAL takes them. The script goes by
   * its SHA-1 ({@code EVALSHA}); only a server that does not have it cached yet (a new or restarted
   * one: {@code NOSCRIPT}) is sent its text, once, which caches it.
   */
  public Future<Response> eval(RedisScript script, List<String> keys, Object... args) {
    return bounded(scriptCall(Command.EVALSHA, script.sha1(), keys, args))
        .recover(failure -> isNoScript(failure)
            ? send(scriptCall(Command.EVAL, script.text(), keys, args))
            : Future.failedFuture(new DataUnavailableException(name, failure)));
  }

  private static Request scriptCall(Command command, String script, List<String> keys, Object[] args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return request;
  }

  private static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }

  private Future<Response> send(Request request) {
    return bounded(request).recover(failure -> Future.failedFuture(new DataUnavailableException(name, failure)));
  }

  /** The command bounded by the timeout; its failure as the client gave it. */
  private Future<Response> bounded(Request request) {
    RedisConnection connection = pipelined;
    if (connection == null) {
      connectPipelined();
      return redis.send(request).timeout(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
    // sent straight on the connection, not composed on the future that made it: that would run the
    // command in the context of the request that made it, and its answer would leave this request's trace
    return connection.send(request).timeout(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(failure -> forget(connection));
  }

  private void connectPipelined() {
    if (!connecting) {
      connecting = true;
      redis.connect().onComplete(made -> {
        connecting = false;
        if (made.succeeded()) {
          consolidateFlushes(made.result());
        }
        pipelined = made.result();
      });
    }
  }

  /**
   * Holds back the connection's flushes until its event loop has run what it is running: the commands of all the
   * requests it handles in one go then leave in one write, where each went in a system call of its own (and Redis
   * read each on its own). Vert.x has no option for this, so it reaches into the client's connection for its channel;
   * {@code RedisDataTest} fails if an upgrade moves it. A connection through Sentinel, which the client swaps for
   * another at a failover, is left as the client makes it.
   */
  private static void consolidateFlushes(RedisConnection connection) {
    if (!(connection instanceof PooledRedisConnection pooled)) {
      return;
    }
    try {
      Object standalone = pooled.actual();
      Field socket = standalone.getClass().getDeclaredField("netSocket");
      socket.setAccessible(true);
      ((NetSocketInternal) socket.get(standalone)).channelHandlerContext().pipeline()
          .addFirst(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    } catch (ReflectiveOperationException | ClassCastException e) {
      LOG.warn("the Redis client's connection is not what it was, so its commands are sent one write each: " + e);
    }
  }

  /** Gives back a connection a command failed on (a server gone, or a replica now): the next command makes another. */
  private void forget(RedisConnection failed) {
    if (pipelined == failed) {
      pipelined = null;
      failed.close();
    }
  }

  /** A readiness procedure: the server answers PING. */
  public void checkReadiness(Promise<Status> promise) {
    // through the pool, which is safe from any thread: readiness is asked on the management's event loop
    redis.send(Request.cmd(Command.PING)).timeout(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onSuccess(pong -> promise.tryComplete(Status.OK()))
        .onFailure(failure -> promise.tryComplete(Status.KO(new JsonObject().put("error", failure.getMessage()))));
  }

  public Future<Void> close() {
    pipelined = null;
    return redis.close();
  }
}
