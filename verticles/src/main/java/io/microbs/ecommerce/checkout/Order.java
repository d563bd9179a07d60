package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
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
