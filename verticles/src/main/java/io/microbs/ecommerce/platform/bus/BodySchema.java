package io.microbs.ecommerce.platform.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.List;

/**
 * What a route takes as its JSON body, said once as a JSON Schema (draft 2020-12) and checked by
 * vertx-json-schema. The caller of a bad request is told what is wrong in the schema's own words:
 * the {@code errorMessage} of the failing (sub)schema, as ajv-errors writes it (a string, or an
 * object keyed by the failing keyword); the deepest one along the failure's path wins.
 */
public final class BodySchema {
  private static final String MESSAGE = "errorMessage";
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri("urn:ecommerce:")
      .setOutputFormat(OutputFormat.Basic);

  private final JsonObject schema;
  private final Validator validator;

  private BodySchema(JsonObject schema) {
    this.schema = schema;
    this.validator = Validator.create(JsonSchema.of(schema), OPTIONS);
  }

  /** The schema, written as JSON text (a Java text block reads best). */
  public static BodySchema of(String json) {
    return new BodySchema(new JsonObject(json));
  }

  /** {@code body} (a decoded JSON value) when it has this shape; otherwise a 400 saying what is wrong. */
  public <T> T check(T body) {
    OutputUnit result = validator.validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return body;
    }
    List<OutputUnit> errors = result.getErrors();
    OutputUnit deepest = errors == null || errors.isEmpty() ? result : errors.get(errors.size() - 1);
    throw ServiceException.badRequest(messageFor(deepest));
  }

  /** Walks the failing keyword's path from the root, keeping the last message found on the way. */
  private String messageFor(OutputUnit error) {
    String location = error.getKeywordLocation() == null ? "" : error.getKeywordLocation().replaceFirst("^#?/?", "");
    String[] path = location.isEmpty() ? new String[0] : location.split("/");
    String message = null;
    Object node = schema;
    for (int i = 0; i <= path.length && node != null; i++) {
      if (node instanceof JsonObject subschema) {
        Object own = subschema.getValue(MESSAGE);
        if (own instanceof String text) {
          message = text;
        } else if (own instanceof JsonObject byKeyword && i < path.length && byKeyword.getValue(path[i]) instanceof String text) {
          message = text;
        }
      }
      node = i == path.length ? null : child(node, path[i]);
    }
    return message != null ? message : error.getInstanceLocation() + ": " + error.getError();
  }

  private static Object child(Object node, String segment) {
    if (node instanceof JsonObject object) {
      return object.getValue(segment.replace("~1", "/").replace("~0", "~"));
    }
    if (node instanceof JsonArray array && segment.matches("\\d+") && Integer.parseInt(segment) < array.size()) {
      return array.getValue(Integer.parseInt(segment));
    }
    return null;
  }
}
