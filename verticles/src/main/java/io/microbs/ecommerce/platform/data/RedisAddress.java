package io.microbs.ecommerce.platform.data;

import io.vertx.core.tracing.TracingPolicy;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.List;

/**
 * Where a Redis data service (cart-data, session-data) is: one server, or a set of Sentinels
 * that name the current master, so a failover needs no restart.
 */
public record RedisAddress(String host, int port, List<String> sentinels, String masterName, int database) {

  public static RedisAddress server(String host, int port, int database) {
    return new RedisAddress(host, port, List.of(), null, database);
  }

  public static RedisAddress sentinels(List<String> sentinels, String masterName, int database) {
    return new RedisAddress(null, 0, List.copyOf(sentinels), masterName, database);
  }

  public boolean usesSentinels() {
    return !sentinels.isEmpty();
  }

  /** Options for a pooled client that fails fast when the server is away, so callers can answer 503. */
  public RedisOptions clientOptions(int maxPoolSize) {
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(maxPoolSize)
        .setMaxPoolWaiting(1024)
        .setPoolRecycleTimeout(15_000)
        .setMaxWaitingHandlers(4096)
        .setTracingPolicy(TracingPolicy.PROPAGATE);
    options.getNetClientOptions().setConnectTimeout(1_000).setTcpNoDelay(true).setTcpKeepAlive(true);
    if (usesSentinels()) {
      options.setType(RedisClientType.SENTINEL).setMasterName(masterName).setRole(RedisRole.MASTER);
      sentinels.forEach(sentinel -> options.addConnectionString("redis://" + sentinel + "/" + database));
    } else {
      options.setType(RedisClientType.STANDALONE).setConnectionString("redis://" + host + ":" + port + "/" + database);
    }
    return options;
  }

  @Override
  public String toString() {
    return (usesSentinels() ? "sentinel://" + String.join(",", sentinels) + "/" + masterName : "redis://" + host + ":" + port)
        + (database == 0 ? "" : " db " + database);
  }
}
