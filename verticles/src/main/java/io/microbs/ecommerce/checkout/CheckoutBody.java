package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST /process} takes, checked with vertx-json-schema before anything is read or
 * written: {@code billing} and its {@code card} are objects when given, and the client's
 * {@code amount} (only compared with the order's total, never charged) is a plain number. The card
 * must be there, in {@code billing.card}; its own fields are payment's to judge.
 */
final class CheckoutBody {
  private static final String SCHEMA = """
      {
        "type": "object",
        "properties": {
          "amount": {"type": "number", "minimum": 0, "maximum": 99999999.99},
          "billing": {
            "type": "object",
            "properties": {"card": {"type": "object"}}
          }
        }
      }
      """;
  private static final Validator VALIDATOR = Validator.create(JsonSchema.of(new JsonObject(SCHEMA)), new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri("urn:ecommerce:checkout")
      .setOutputFormat(OutputFormat.Basic));
  /** What the caller is told, by the place in the body that is wrong. */
  private static final Map<String, String> ERRORS = Map.of(
      "#/amount", "amount must be a number from 0 to 99999999.99",
      "#/billing", "billing must be a JSON object",
      "#/billing/card", "billing.card must be a JSON object");

  private CheckoutBody() {
  }

  /** {@code body} when it has the shape of a checkout; otherwise a 400 naming the field that is wrong. */
  static JsonObject check(JsonObject body) {
    OutputUnit result = VALIDATOR.validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return requireCard(body);
    }
    // the last error is the deepest: the field itself rather than the object holding it
    List<OutputUnit> errors = result.getErrors();
    String location = errors == null || errors.isEmpty() ? "#" : errors.get(errors.size() - 1).getInstanceLocation();
    throw ServiceException.badRequest(ERRORS.getOrDefault(location, "the body does not match its schema at " + location));
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
