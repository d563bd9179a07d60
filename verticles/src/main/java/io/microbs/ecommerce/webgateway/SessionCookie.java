package io.microbs.ecommerce.webgateway;

import io.netty.handler.codec.DateFormatter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code session_id} cookie: {@code <uuid>.<signature>}, the signature an HMAC-SHA256 of the
 * uuid under the configured secret, so a browser can neither forge a session nor take another's.
 * One instance per event loop: {@link Mac} is not thread-safe.
 */
final class SessionCookie {
  static final String NAME = "session_id";
  private static final int UUID_LENGTH = 36;

  private final Mac mac;
  private final long maxAgeSeconds;
  /** The {@code Expires} of a cookie set in {@link #expiresSecond}, made once a second rather than for every answer. */
  private String expires;
  private long expiresSecond = -1;

  SessionCookie(String secret, Duration maxAge) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    this.maxAgeSeconds = maxAge.toSeconds();
  }

  String sign(String sessionId) {
    return sessionId + "." + signature(sessionId);
  }

  /** The session id a cookie value carries, or null when it is malformed or its signature is wrong. */
  String verify(String cookieValue) {
    if (cookieValue == null || cookieValue.length() <= UUID_LENGTH + 1 || cookieValue.charAt(UUID_LENGTH) != '.') {
      return null;
    }
    String sessionId = cookieValue.substring(0, UUID_LENGTH);
    byte[] expected = signature(sessionId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = cookieValue.substring(UUID_LENGTH + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? sessionId : null;
  }

  /**
   * The {@code Set-Cookie} header that sets the cookie to {@code value}, as Vert.x writes it: not
   * readable by scripts, not sent cross-site, Secure over TLS. Written here, since every answer with a
   * session sets it again, and Vert.x's encoder validates every character and formats the date for
   * each; here the date is formatted once a second, and the value is the shop's own.
   */
  String header(String value, boolean secure) {
    long now = System.currentTimeMillis();
    if (now / 1000 != expiresSecond) {
      expiresSecond = now / 1000;
      expires = DateFormatter.format(new Date(expiresSecond * 1000 + maxAgeSeconds * 1000));
    }
    return NAME + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Expires=" + expires
        + (secure ? "; Path=/; Secure; HTTPOnly; SameSite=Lax" : "; Path=/; HTTPOnly; SameSite=Lax");
  }

  private String signature(String sessionId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.US_ASCII)));
  }
}
