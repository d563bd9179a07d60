package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.RedisData;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sessions in session-data, as the reference keeps them: a key {@code s:<uuid>} whose expiry every
 * request pushes back. Resuming a session is one round trip whatever happens: a Lua script refreshes
 * the key, or, when it has expired, creates the fresh session the caller proposed.
 */
final class SessionStore {
  private static final String RESUME_OR_CREATE = """
      if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 1 then
        return 1
      end
      redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[1])
      return 0
      """;

  private final RedisData sessionData;
  private final long ttlSeconds;

  SessionStore(RedisData sessionData, Duration ttl) {
    this.sessionData = sessionData;
    this.ttlSeconds = ttl.toSeconds();
  }

  /** The session to use: {@code sessionId} when it is still alive (now refreshed), else a new one. */
  Future<String> resume(String sessionId) {
    String fresh = UUID.randomUUID().toString();
    String current = sessionId == null ? fresh : sessionId;
    return sessionData.eval(RESUME_OR_CREATE, List.of(key(current), key(fresh)), ttlSeconds, value())
        .map(alive -> alive.toInteger() == 1 ? current : fresh);
  }

  private static String key(String sessionId) {
    return "s:" + sessionId;
  }

  private static String value() {
    return "{\"created_at\":\"" + Instant.now() + "\"}";
  }
}
