package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.data.RedisData;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sessions in session-data, as the reference keeps them: a key {@code s:<uuid>} whose expiry every
 * request pushes back. Resuming a live session is one round trip (EXPIRE), starting one too (SET);
 * a read without a session stores nothing (see {@link #unsaved}). Not vertx-web's SessionHandler: it stores
 * each session's data and writes it back per request, where the shop keeps only the id its cart is keyed by.
 */
final class SessionStore {
  private final RedisData sessionData;
  private final long ttlSeconds;
  /**
   * Session ids must be unguessable, and one is made on every request without a session: a
   * generator of this store's own, not {@link UUID#randomUUID()}, whose shared source serialises every event loop.
   */
  private final SecureRandom random = newRandom();

  SessionStore(RedisData sessionData, Duration ttl) {
    this.sessionData = sessionData;
    this.ttlSeconds = ttl.toSeconds();
  }

  /** Pushes back the expiry of {@code sessionId}; true when it was still alive. */
  Future<Boolean> refresh(String sessionId) {
    return sessionData.send(Command.EXPIRE, key(sessionId), Long.toString(ttlSeconds)).map(alive -> alive.toInteger() == 1);
  }

  /** Starts a new session and answers its id. */
  Future<String> create() {
    String sessionId = newSessionId();
    return sessionData.send(Command.SET, key(sessionId), value(), "EX", Long.toString(ttlSeconds)).map(stored -> sessionId);
  }

  /**
   * A session id for a request that has no session and needs none (a read): nobody holds it and
   * nothing is stored under it, so the services answer as for an empty session.
   */
  String unsaved() {
    return newSessionId();
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
