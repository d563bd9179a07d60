package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.json.JsonObject;

/**
 * What {@code POST /process} takes, checked against its schema before anything is read or written:
 * {@code billing} and its {@code card} are objects when given, and the client's {@code amount} (only
 * compared with the order's total, never charged) is a plain number. The card must be there, in
 * {@code billing.card}; its own fields are payment's to judge.
 */
final class CheckoutBody {
  private static final BodySchema SCHEMA = BodySchema.of("""
      {
        "type": "object",
        "properties": {
          "amount": {
            "type": "number", "minimum": 0, "maximum": 99999999.99,
            "errorMessage": "amount must be a number from 0 to 99999999.99"
          },
          "billing": {
            "type": "object",
            "errorMessage": {"type": "billing must be a JSON object"},
            "properties": {"card": {"type": "object", "errorMessage": "billing.card must be a JSON object"}}
          }
        }
      }
      """);

  private CheckoutBody() {
  }

  /** {@code body} when it has the shape of a checkout; otherwise a 400 naming the field that is wrong. */
  static JsonObject check(JsonObject body) {
    return requireCard(SCHEMA.check(body));
  }

  /** No card, no order: a card sent where the storefront never puts it is named, rather than charged as a missing one. */
  private static JsonObject requireCard(JsonObject body) {
    JsonObject billing = body.getJsonObject("billing");
    if (billing == null || billing.getJsonObject("card") == null) {
      throw ServiceException.badRequest(body.containsKey("card")
          ? "the card goes in billing.card, not at the top level of the body"
          : "billing.card is missing: the card to charge");
    }
    return body;
  }
}
