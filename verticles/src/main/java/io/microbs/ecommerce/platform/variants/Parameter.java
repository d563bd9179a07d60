package io.microbs.ecommerce.platform.variants;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A knob of a variant: its name, JSON type, allowed values and default, and what it means. It
 * describes itself as a JSON schema, which the admin API checks a request's parameters against.
 *
 * @param pattern for free text, the regular expression it must match; null otherwise
 */
public record Parameter(String name, String type, Object defaultValue, Number min, Number max, List<String> choices,
    String pattern, String meaning) {

  /** A whole number from {@code min} to {@code max}. */
  static Parameter integer(String name, int defaultValue, int min, int max, String meaning) {
    return new Parameter(name, "integer", defaultValue, min, max, List.of(), null, meaning);
  }

  /** A number from {@code min} to {@code max}, such as a rate. */
  static Parameter number(String name, double defaultValue, double min, double max, String meaning) {
    return new Parameter(name, "number", defaultValue, min, max, List.of(), null, meaning);
  }

  static Parameter flag(String name, boolean defaultValue, String meaning) {
    return new Parameter(name, "boolean", defaultValue, null, null, List.of(), null, meaning);
  }

  /** One of {@code choices}. */
  static Parameter choice(String name, String defaultValue, List<String> choices, String meaning) {
    return new Parameter(name, "string", defaultValue, null, null, List.copyOf(choices), null, meaning);
  }

  /** Free text matching {@code pattern}, empty by default. */
  static Parameter text(String name, String pattern, String meaning) {
    return new Parameter(name, "string", "", null, null, List.of(), pattern, meaning);
  }

  JsonObject schema() {
    JsonObject schema = new JsonObject().put("type", type);
    if (min != null) {
      schema.put("minimum", min).put("maximum", max);
    }
    if (!choices.isEmpty()) {
      schema.put("enum", new JsonArray(choices));
    }
    if (pattern != null) {
      schema.put("pattern", pattern);
    }
    return schema;
  }

  /** As {@code GET /variants} lists it. */
  JsonObject toJson() {
    return schema().put("name", name).put("default", defaultValue).put("meaning", meaning);
  }
}
