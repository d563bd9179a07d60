package io.microbs.ecommerce.content;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An image ready to serve: its bytes, their media type, and a strong ETag derived from the bytes. */
record ContentImage(Buffer bytes, String contentType, String etag) {
  static final String JPEG = "image/jpeg";

  static ContentImage of(Buffer bytes, String contentType) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.getBytes());
      return new ContentImage(bytes, contentType, '"' + HexFormat.of().formatHex(digest, 0, 16) + '"');
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether an {@code If-None-Match} header names this image's current version (RFC 9110: weak comparison). */
  boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String candidate = tag.trim();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals("*") || candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
