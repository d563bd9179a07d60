package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.data.RedisData;
import io.vertx.core.Future;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
  /**
   * Session ids must be unguessable, and one is proposed on every request: a generator of this
   * store's own, not {@link UUID#randomUUID()}, whose shared source serialises every event loop.
   */
  private final SecureRandom random = newRandom();

  SessionStore(RedisData sessionData, Duration ttl) {
    this.sessionData = sessionData;
    this.ttlSeconds = ttl.toSeconds();
  }

  /** The session to use: {@code sessionId} when it is still alive (now refreshed), else a new one. */
  Future<String> resume(String sessionId) {
    String fresh = newSessionId();
    String current = sessionId == null ? fresh : sessionId;
    return sessionData.eval(RESUME_OR_CREATE, List.of(key(current), key(fresh)), ttlSeconds, value())
        .map(alive -> alive.toInteger() == 1 ? current : fresh);
  }

  /** A random (version 4) UUID from this store's generator. */
  private String newSessionId() {
    long most = random.nextLong() & ~0xF000L | 0x4000L;
    long least = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(most, least).toString();
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private static String key(String sessionId) {
    return "s:" + sessionId;
  }

  private static String value() {
    return "{\"created_at\":\"" + Instant.now() + "\"}";
  }
}
