package io.microbs.ecommerce.platform.data;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis data service (cart-data, session-data) as a service sees it: one pooled client, every
 * command bounded by a timeout, and any failure to reach the server turned into a
 * {@link DataUnavailableException} that names the data service. The pool reconnects on its own,
 * so the service recovers when the server is back.
 */
public final class RedisData {
  private static final long COMMAND_TIMEOUT_MILLIS = 1_000;
  private static final int POOL_SIZE = 16;

  private final String name;
  private final Redis redis;

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
    return redis.send(request).timeout(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A readiness procedure: the server answers PING. */
  public void checkReadiness(Promise<Status> promise) {
    send(Command.PING)
        .onSuccess(pong -> promise.tryComplete(Status.OK()))
        .onFailure(failure -> promise.tryComplete(Status.KO(new JsonObject().put("error", failure.getMessage()))));
  }

  public Future<Void> close() {
    return redis.close();
  }
}
