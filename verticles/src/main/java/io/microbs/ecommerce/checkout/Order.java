package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** An order as recorded: its lines priced from the catalogue, its total, where it stands, and for a failed one the answer given. */
record Order(UUID orderId, String status, BigDecimal total, List<Line> lines, OffsetDateTime createdAt, ServiceResponse failure) {

  static final String PENDING = "pending";
  static final String PAID = "paid";
  static final String COMPLETED = "completed";
  static final String FAILED = "failed";
  static final String VOIDED = "voided";

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

  /** The shape {@code GET /orders/<id>} answers. */
  JsonObject toJson() {
    JsonArray items = new JsonArray();
    lines.forEach(line -> items.add(line.toJson()));
    return new JsonObject()
        .put("order_id", orderId.toString())
        .put("status", status)
        .put("total", total.doubleValue())
        .put("lines", items)
        .put("created_at", createdAt.toInstant().toString());
  }
}
