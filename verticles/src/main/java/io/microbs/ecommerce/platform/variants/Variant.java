package io.microbs.ecommerce.platform.variants;

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
 * A fault the shop can be switched into: its name, the service it acts on (a {@code service}
 * parameter may choose another), its parameters, the one-line symptom an observer should see, and
 * the alerts it is expected to trip.
 */
public record Variant(String name, String service, String symptom, List<Parameter> parameters, List<String> expectedAlerts) {

  /** The parameters as a JSON schema: an object of the known names only, each with its type and range. */
  private Validator validator() {
    JsonObject properties = new JsonObject();
    parameters.forEach(parameter -> properties.put(parameter.name(), parameter.schema()));
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties).put("additionalProperties", false);
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setOutputFormat(OutputFormat.Basic)
        .setBaseUri("https://microbs.io/variants/" + name));
  }

  /**
   * {@code requested} checked against the parameters, with the defaults filled in for what it leaves
   * out; an {@link IllegalArgumentException} naming the parameter when one is unknown or out of range.
   */
  public JsonObject parameters(JsonObject requested) {
    OutputUnit result = validator().validate(requested);
    if (!result.getValid()) {
      // the deepest error says most: "2 is greater than 1" rather than "does not match schema"
      OutputUnit first = result.getErrors() == null || result.getErrors().isEmpty() ? result : result.getErrors().stream()
          .max(java.util.Comparator.comparing(error -> error.getKeywordLocation().length())).orElseThrow();
      throw new IllegalArgumentException(describe(first, requested));
    }
    JsonObject filled = new JsonObject();
    parameters.forEach(parameter -> filled.put(parameter.name(), requested.getValue(parameter.name(), parameter.defaultValue())));
    return filled;
  }

  private String describe(OutputUnit error, JsonObject requested) {
    String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().replaceFirst("^#?/?", "");
    if (location.isEmpty()) {
      // an unknown name is reported on the object itself
      List<String> unknown = requested.fieldNames().stream()
          .filter(field -> parameters.stream().noneMatch(parameter -> parameter.name().equals(field))).toList();
      return unknown.isEmpty()
          ? "the parameters of " + name + " must be a JSON object: " + error.getError()
          : name + " has no parameter '" + unknown.get(0) + "'; it takes " + names();
    }
    Parameter parameter = parameters.stream().filter(p -> p.name().equals(location)).findFirst().orElse(null);
    return parameter == null
        ? name + " has no parameter '" + location + "'; it takes " + names()
        : "parameter '" + location + "' of " + name + " must be " + expected(parameter) + ", got " + requested.getValue(location);
  }

  private static String expected(Parameter parameter) {
    if (!parameter.choices().isEmpty()) {
      return "one of " + parameter.choices();
    }
    if (parameter.min() != null) {
      return ("integer".equals(parameter.type()) ? "a whole number" : "a number") + " from " + parameter.min() + " to "
          + parameter.max();
    }
    if (parameter.pattern() != null) {
      return "text matching " + parameter.pattern();
    }
    return "a " + parameter.type();
  }

  private String names() {
    return parameters.isEmpty() ? "none" : parameters.stream().map(Parameter::name).toList().toString();
  }

  /** As {@code GET /variants} lists it, before saying whether it is on. */
  public JsonObject toJson() {
    JsonArray described = new JsonArray();
    parameters.forEach(parameter -> described.add(parameter.toJson()));
    return new JsonObject()
        .put("name", name)
        .put("service", service)
        .put("symptom", symptom)
        .put("parameters", described)
        .put("expected_alerts", new JsonArray(expectedAlerts));
  }
}
