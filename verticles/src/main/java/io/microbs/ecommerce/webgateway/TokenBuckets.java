package io.microbs.ecommerce.webgateway;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: each holds at most {@code burst} tokens and gains {@code perSecond}
 * a second; an action takes one. Safe to share between event loops (a client's connections may be
 * on any of them). Full buckets are forgotten, as a client that comes back would start with a full one.
 * Our own: Vert.x has no rate limiter, and a library's buckets would still be one per client in a map like this.
 */
final class TokenBuckets {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double tokensPerNano;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }
  }

  TokenBuckets(int perSecond, int burst) {
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.burst = burst;
  }

  /** Takes a token from {@code client}'s bucket: 0 when there was one, else the seconds (1 or more) until there will be. */
  long take(String client) {
    long now = System.nanoTime();
    Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(burst, now));
    synchronized (bucket) {
      refill(bucket, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano / NANOS_PER_SECOND));
    }
  }

  /** Drops the buckets that have filled up again since they were last used. */
  void forgetFull() {
    long now = System.nanoTime();
    buckets.values().removeIf(bucket -> {
      synchronized (bucket) {
        refill(bucket, now);
        return bucket.tokens >= burst;
      }
    });
  }

  private void refill(Bucket bucket, long now) {
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * tokensPerNano);
    bucket.updated = now;
  }
}
