package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A variant that is on: with which parameters (checked, defaults filled), since when, switched on
 * by which member, and by which scheduler seed (null when switched by hand or at start).
 */
public record ActiveVariant(Variant variant, JsonObject params, Instant since, String member, Long seed) {
  /** The span attribute that marks every span a variant changed. */
  public static final String SPAN_ATTRIBUTE = "ecommerce.variant";

  public String name() {
    return variant.variantName();
  }

  /** The service it acts on: its {@code service} parameter (checked against the services' names), or the variant's own. */
  public Service service() {
    String chosen = params.getString("service");
    return chosen == null ? variant.service() : Service.named(chosen).orElseThrow();
  }

  public boolean targets(Service target) {
    return service() == target;
  }

  public int integer(String parameter) {
    return params.getInteger(parameter);
  }

  public double number(String parameter) {
    return params.getNumber(parameter).doubleValue();
  }

  public boolean flag(String parameter) {
    return params.getBoolean(parameter);
  }

  public String text(String parameter) {
    return params.getString(parameter);
  }

  /** Marks {@code span} as changed by this variant. */
  public void mark(Span span) {
    span.setAttribute(SPAN_ATTRIBUTE, name());
  }

  /** How the cluster's map holds it. */
  String encode() {
    return new JsonObject().put("name", name()).put("params", params).put("since", since.toString()).put("member", member)
        .put("seed", seed).encode();
  }

  /** What the cluster's map held; empty for a variant this build does not know (a newer member switched it on). */
  static Optional<ActiveVariant> decode(String encoded) {
    JsonObject json = new JsonObject(encoded);
    return Variant.named(json.getString("name"))
        .map(variant -> new ActiveVariant(variant, json.getJsonObject("params"), Instant.parse(json.getString("since")),
            json.getString("member"), json.getLong("seed")));
  }

  JsonObject toJson() {
    return new JsonObject().put("params", params).put("since", since.toString()).put("switched_by", member).put("seed", seed);
  }
}
