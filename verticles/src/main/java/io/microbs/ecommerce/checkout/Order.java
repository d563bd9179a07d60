package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An order as recorded: its lines priced from the catalogue, its total, where it stands, for a failed one the answer
 * given, and the digest of the request that placed it (null for orders from before digests were kept).
 */
record Order(UUID orderId, OrderStatus status, BigDecimal total, List<Line> lines, OffsetDateTime createdAt, ServiceResponse failure,
    String requestDigest) {

  record Line(String productId, int quantity, BigDecimal price) {
    JsonObject toJson() {
      return new JsonObject().put("product_id", productId).put("quantity", quantity).put("price", price.doubleValue());
    }
  }

  /** What the cart held, as a SHA-256 digest of its lines (products and quantities, in product order). */
  static String cartDigest(List<Line> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line.productId()).append('x').append(line.quantity()).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * What a checkout request asked, as an HMAC-SHA256 of its body keyed by the session: equal for the same request of
   * the same session, in any JVM. The body holds the card, and a plain hash of so few digits could be reversed by trying
   * them all; keyed by the session, a digest says nothing to whoever lacks the session too.
   */
  static String requestDigest(String sessionId, JsonObject body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(("checkout " + sessionId).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.toBuffer().getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HMAC-SHA256", e);
    }
  }

  /** The shape {@code GET /orders/<id>} answers. */
  JsonObject toJson() {
    JsonArray items = new JsonArray();
    lines.forEach(line -> items.add(line.toJson()));
    return new JsonObject()
        .put("order_id", orderId.toString())
        .put("status", status.wire())
        .put("total", total.doubleValue())
        .put("lines", items)
        .put("created_at", createdAt.toInstant().toString());
  }
}
