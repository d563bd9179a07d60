package io.microbs.ecommerce.platform.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script with its SHA-1, the name Redis caches it under: {@link RedisData#eval} sends the name
 * ({@code EVALSHA}) and the whole text only when the server does not know it yet; the Vert.x Redis client
 * sends scripts as plain commands and keeps no such cache.
 */
public record RedisScript(String text, String sha1) {

  public static RedisScript of(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(text, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
