package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An unattended demo: every {@code interval} one of {@code variants} is picked and switched on with
 * its defaults for a hold time between {@code holdMin} and {@code holdMax}, then off. The picks and
 * hold times come from a {@link Random} seeded with {@code seed}, so one seed is one sequence.
 */
public record Schedule(long seed, Duration interval, Duration holdMin, Duration holdMax, List<Variant> variants) {

  /** One pick: which variant, when after the start, for how long. */
  public record Step(int index, Variant variant, Duration at, Duration hold) {
  }

  private static final BodySchema BODY = BodySchema.of(new JsonObject()
      .put("type", "object")
      .put("additionalProperties", false)
      .put("properties", new JsonObject()
          .put("seed", new JsonObject().put("type", "integer"))
          .put("interval_seconds", new JsonObject().put("type", "number").put("minimum", 0.2).put("maximum", 86_400))
          .put("hold_min_seconds", new JsonObject().put("type", "number").put("minimum", 0.1).put("maximum", 86_400))
          .put("hold_max_seconds", new JsonObject().put("type", "number").put("minimum", 0.1).put("maximum", 86_400))
          .put("variants", new JsonObject().put("type", "array").put("minItems", 1)
              .put("items", new JsonObject().put("enum", new JsonArray(Arrays.stream(Variant.values()).map(Variant::variantName).toList()))))));

  /**
   * The schedule a {@code PUT /variants/schedule} body asks for: {@code seed} (default: the time),
   * {@code interval_seconds} (60), {@code hold_min_seconds} and {@code hold_max_seconds} (half the
   * interval, at most the interval), {@code variants} (all but the traffic spike).
   */
  public static Schedule from(JsonObject body) {
    BODY.failure(body).ifPresent(failure -> {
      String where = String.join("/", failure.instancePath());
      throw new IllegalArgumentException((where.isEmpty() ? "the schedule" : "'" + where + "'") + ": " + failure.error());
    });
    Duration interval = seconds(body.getNumber("interval_seconds", 60));
    Duration holdMax = seconds(body.getNumber("hold_max_seconds", interval.toMillis() / 2_000.0));
    Duration holdMin = seconds(body.getNumber("hold_min_seconds", holdMax.toMillis() / 1_000.0));
    if (holdMax.compareTo(interval) > 0 || holdMin.compareTo(holdMax) > 0) {
      throw new IllegalArgumentException("'hold_max_seconds' must be at most interval_seconds, and hold_min_seconds at "
          + "most hold_max_seconds");
    }
    // names the schema has checked against the catalogue
    List<Variant> variants = body.containsKey("variants")
        ? body.getJsonArray("variants").stream().map(name -> Variant.named(String.valueOf(name)).orElseThrow()).toList()
        : Arrays.stream(Variant.values()).filter(variant -> variant != Variant.TRAFFIC_SPIKE).toList();
    return new Schedule(body.getLong("seed", System.currentTimeMillis()), interval, holdMin, holdMax, variants);
  }

  private static Duration seconds(Number seconds) {
    return Duration.ofMillis(Math.round(seconds.doubleValue() * 1_000));
  }

  /** The step after {@code previous} (null: the first), drawn from {@code random}, which the caller seeded with {@link #seed}. */
  public Step next(Step previous, Random random) {
    int index = previous == null ? 0 : previous.index() + 1;
    Variant variant = variants.get(random.nextInt(variants.size()));
    long spread = holdMax.toMillis() - holdMin.toMillis();
    Duration hold = holdMin.plusMillis(spread == 0 ? 0 : (long) (random.nextDouble() * spread));
    return new Step(index, variant, interval.multipliedBy(index), hold);
  }

  /** The first {@code count} steps, as a run with this seed will take them. */
  public List<Step> plan(int count) {
    Random random = new Random(seed);
    List<Step> steps = new java.util.ArrayList<>();
    Step step = null;
    for (int i = 0; i < count; i++) {
      step = next(step, random);
      steps.add(step);
    }
    return steps;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("seed", seed)
        .put("interval_seconds", interval.toMillis() / 1_000.0)
        .put("hold_min_seconds", holdMin.toMillis() / 1_000.0)
        .put("hold_max_seconds", holdMax.toMillis() / 1_000.0)
        .put("variants", new JsonArray(variants.stream().map(Variant::variantName).toList()));
  }
}
