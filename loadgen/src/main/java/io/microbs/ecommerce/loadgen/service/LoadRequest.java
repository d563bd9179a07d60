package io.microbs.ecommerce.loadgen.service;

import io.microbs.ecommerce.loadgen.engine.LoadPlan;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * The body of the start and set commands: {@code {"users": N}} (closed model) or {@code {"rate": R}}
 * (open model), either with or without {@code "think_time"}; a field left out keeps what runs.
 * One JSON schema says what is allowed, and each rule's description is the reason a body that
 * breaks it is refused.
 */
record LoadRequest(Integer users, Double rate, Double thinkTime) {
  private static final JsonObject SCHEMA = new JsonObject("""
      {
        "properties": {
          "users": {"type": "integer", "minimum": 0, "maximum": 10000,
                    "description": "users must be a whole number from 0 to 10000"},
          "rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 100000,
                   "description": "rate must be iterations per second, more than 0 and at most 100000"},
          "think_time": {"type": "number", "minimum": 0, "maximum": 100,
                         "description": "think_time is a scale from 0 (no pauses) to 100"}
        },
        "not": {"required": ["users", "rate"],
                "description": "give users (closed model) or rate (open model), not both"}
      }
      """);
  private static final Validator VALIDATOR = Validator.create(JsonSchema.of(SCHEMA), new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("urn:loadgen:load-request").setOutputFormat(OutputFormat.Basic));

  /** The request {@code body} makes; a body the schema refuses throws, with the reason of the first rule it breaks. */
  static LoadRequest from(JsonObject body) {
    OutputUnit result = VALIDATOR.validate(body);
    if (!result.getValid()) {
      throw new IllegalArgumentException(reason(result.getErrors().get(0), body));
    }
    return new LoadRequest(body.getInteger("users"), body.getDouble("rate"), body.getDouble("think_time"));
  }

  /** A constant load until stopped, as asked; {@code current} when the body names neither users nor rate. */
  LoadPlan planOr(LoadPlan current) {
    if (users != null) {
      return LoadPlan.constant(LoadPlan.Model.CLOSED, users, null);
    }
    if (rate != null) {
      return LoadPlan.constant(LoadPlan.Model.OPEN, rate, null);
    }
    return current;
  }

  double thinkTimeOr(double current) {
    return thinkTime == null ? current : thinkTime;
  }

  /** The description of the field the error is about, with the value given, or the whole body's rule ("not both"). */
  private static String reason(OutputUnit error, JsonObject body) {
    String location = error.getInstanceLocation();
    if (!location.startsWith("#/")) {
      return SCHEMA.getJsonObject("not").getString("description");
    }
    String field = location.substring("#/".length());
    return SCHEMA.getJsonObject("properties").getJsonObject(field).getString("description") + ", got " + body.getValue(field);
  }
}
