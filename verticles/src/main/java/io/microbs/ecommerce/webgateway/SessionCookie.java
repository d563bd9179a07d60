package io.microbs.ecommerce.webgateway;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
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

  /** The cookie as set on a response: not readable by scripts, not sent cross-site, Secure over TLS. */
  Cookie cookie(String value, boolean secure) {
    return Cookie.cookie(NAME, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secure)
        .setMaxAge(maxAgeSeconds);
  }

  private String signature(String sessionId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.US_ASCII)));
  }
}
