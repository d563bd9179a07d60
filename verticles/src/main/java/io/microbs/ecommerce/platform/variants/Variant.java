package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A fault the shop can be switched into: the reference's five ({@code basic-bug}, {@code sql-syntax-error},
 * {@code nginx-failure}, {@code bind-localhost}, {@code traffic-spike}) and graded faults beyond them. Each
 * has its name on the wire, the service it acts on (a {@code service} parameter may choose another), its
 * parameters, the one-line symptom an observer should see, and the alerts of
 * {@code observability/prometheus/rules.yml} it is expected to trip (PrometheusIT switches each on and
 * waits for them). Its effect lives where it acts: a service's fault seam ({@code ProductFaults}, …),
 * or, for the faults of no one service, a class of this package that attaches where they act (the
 * front doors, the event bus, the readiness checks, the JVM).
 */
public enum Variant {
  BASIC_BUG("basic-bug", Service.PRODUCT,
      "product's /documents burns CPU for burn_ms, then answers 500 with the exception's message; its span is ERROR "
          + "with the exception recorded (on_event_loop: the burn blocks the event loop, Vert.x warns of a blocked "
          + "thread and everything on that loop stalls)",
      List.of(Parameter.integer("burn_ms", 1_000, 0, 30_000, "how long each /documents call burns CPU"),
          Parameter.flag("on_event_loop", false, "burn on the event loop, the classic Vert.x mistake")),
      List.of("AvailabilityBudgetBurnFast", "LatencyBudgetBurnFast")),

  SQL_SYNTAX_ERROR("sql-syntax-error", Service.PRODUCT,
      "product's /documents with ids runs malformed SQL: PostgreSQL's error comes back as a 500 and on the database "
          + "span; search and suggestions keep working",
      List.of(), List.of("AvailabilityBudgetBurnFast")),

  NGINX_FAILURE("nginx-failure", Service.API_GATEWAY,
      "every DELETE through the gateways is refused with 403, internal ones too: cart lines can't be removed, and "
          + "checkout charges, then fails to empty the cart (the order stays paid, the cart full, the page shows 403)",
      List.of(), List.of("RequestsForbidden", "OrdersStuck")),

  BIND_LOCALHOST("bind-localhost", Service.API_GATEWAY,
      "the api gateway listens on 127.0.0.1 only: nothing outside its host or pod reaches it",
      List.of(), List.of("GatewayProbeFailing")),

  TRAFFIC_SPIKE("traffic-spike", Service.LOADGEN,
      "every loadgen of the cluster runs users shoppers (the reference: 6 pods x 150), back to its previous load "
          + "when switched off",
      List.of(Parameter.integer("users", 900, 1, 10_000, "virtual users per loadgen")),
      List.of("TrafficSurge")),

  ERROR_RATE("error-rate", Service.PRODUCT,
      "a share rate of the service's requests (on route, or all) answer 500",
      List.of(Parameter.choice("service", "product", Choices.ROUTED, "the service whose requests fail"),
          Choices.ROUTE,
          Parameter.number("rate", 0.1, 0, 1, "the share of requests that fail")),
      List.of("AvailabilityBudgetBurnFast")),

  LATENCY("latency", Service.PRODUCT,
      "the service's requests (on route, or all) wait fixed_ms plus up to jitter_ms before being handled",
      List.of(Parameter.choice("service", "product", Choices.ROUTED, "the service whose requests wait"),
          Choices.ROUTE,
          Parameter.integer("fixed_ms", 500, 0, 30_000, "the delay every request gets"),
          Parameter.integer("jitter_ms", 250, 0, 30_000, "up to this much more, uniformly")),
      List.of("LatencyBudgetBurnFast")),

  PAYMENT_DECLINES("payment-declines", Service.PAYMENT,
      "a share rate of valid cards are declined with 402 after the usual delay; checkout answers it and the order "
          + "is failed",
      List.of(Parameter.number("rate", 0.3, 0, 1, "the share of charges declined")),
      List.of("PaymentDeclinesHigh")),

  PAYMENT_UNREACHABLE("payment-unreachable", Service.PAYMENT,
      "calls to payment go nowhere: checkout waits PAYMENT_TIMEOUT_MS, answers 504 and fails the order",
      List.of(), List.of("AvailabilityBudgetBurnFast")),

  CPU_BURN("cpu-burn", Service.PRODUCT,
      "each JVM that runs the service burns share of a core on a worker thread",
      List.of(Parameter.choice("service", "product", Choices.ANY, "the service whose JVMs burn"),
          Parameter.number("share", 0.5, 0.05, 1, "the share of one core to burn")),
      List.of("JvmCpuSurge")),

  MEMORY_LEAK("memory-leak", Service.PRODUCT,
      "each JVM that runs the service keeps mib_per_minute more of its heap every minute, up to cap_mib; all freed "
          + "when switched off",
      List.of(Parameter.choice("service", "product", Choices.ANY, "the service whose JVMs leak"),
          Parameter.integer("mib_per_minute", 32, 1, 1_024, "how fast the heap fills"),
          Parameter.integer("cap_mib", 128, 1, 1_024, "where the leak stops")),
      List.of("JvmHeapGrowing")),

  READINESS_FAILURE("readiness-failure", Service.PRODUCT,
      "/readyz answers 503 in each JVM that runs the service while /healthz stays 200: Kubernetes takes its pods out "
          + "of their Services",
      List.of(Parameter.choice("service", "product", Choices.ANY, "the service whose JVMs report not ready")),
      List.of("ServiceNotReady")),

  POOL_EXHAUSTION("pool-exhaustion", Service.PRODUCT,
      "connections of the service's PostgreSQL pool are held: its queries wait for one and fail with 503 after 2 s",
      List.of(Parameter.choice("service", "product", List.of("product", "checkout"), "whose pool is exhausted"),
          Parameter.integer("connections", 8, 1, 8, "how many of the pool's 8 connections are held")),
      List.of("PoolSaturated", "AvailabilityBudgetBurnFast")),

  SLOW_QUERIES("slow-queries", Service.PRODUCT,
      "every catalogue query first sleeps sleep_ms in PostgreSQL (pg_sleep), holding its connection",
      List.of(Parameter.integer("sleep_ms", 1_000, 0, 30_000, "how long PostgreSQL sleeps before each query")),
      List.of("LatencyBudgetBurnFast")),

  CART_DATA_UNAVAILABLE("cart-data-unavailable", Service.CART,
      "cart-data (Redis) is away for the cart service: every cart request answers 503 and cart's readiness fails; "
          + "checkout can't read carts",
      List.of(), List.of("AvailabilityBudgetBurnFast", "ServiceNotReady")),

  SLOW_IMAGES("slow-images", Service.CONTENT,
      "every product image takes delay_ms longer: pages show their products before their pictures",
      List.of(Parameter.integer("delay_ms", 2_000, 0, 30_000, "how much longer each image takes")),
      List.of("LatencyBudgetBurnFast")),

  MEMBER_ISOLATED("member-isolated", Service.PRODUCT,
      "each JVM that runs the service leaves the event bus's routing and drops the other members' messages while it "
          + "serves its own: the gateways answer 503/504 for what only it runs (no effect without a cluster)",
      List.of(Parameter.choice("service", "product", Choices.ROUTED, "the service whose JVMs are cut off")),
      List.of("AvailabilityBudgetBurnFast"));

  private final String variantName;
  private final Service service;
  private final String symptom;
  private final List<Parameter> parameters;
  private final List<String> expectedAlerts;

  Variant(String variantName, Service service, String symptom, List<Parameter> parameters, List<String> expectedAlerts) {
    this.variantName = variantName;
    this.service = service;
    this.symptom = symptom;
    this.parameters = parameters;
    this.expectedAlerts = expectedAlerts;
  }

  /** The choices of the parameters that several variants share; a class of their own, as an enum's constants come first. */
  private static final class Choices {
    /** The services behind the gateways, which a graded fault may aim at. */
    static final List<String> ROUTED = Arrays.stream(Service.values()).filter(Service::isRoutable).map(Service::serviceName)
        .toList();
    /** Every service a JVM can run, gateways and synthetics included. */
    static final List<String> ANY = Arrays.stream(Service.values()).map(Service::serviceName).toList();
    static final Parameter ROUTE = Parameter.text("route", "^(/[A-Za-z0-9:_.-]*){0,8}$",
        "the route pattern, such as /documents; empty: every route");
  }

  /** The name users write: {@code PUT /variants/basic-bug}, {@code VARIANT=basic-bug}. */
  public String variantName() {
    return variantName;
  }

  /** The service it acts on unless its {@code service} parameter says otherwise. */
  public Service service() {
    return service;
  }

  public String symptom() {
    return symptom;
  }

  public static Optional<Variant> named(String name) {
    return Arrays.stream(values()).filter(variant -> variant.variantName.equals(name)).findFirst();
  }

  /** The variants on from the start ({@code VARIANT=basic-bug,latency}), each a name of the catalogue. */
  public static List<Variant> onFromStart(Variables vars) {
    return Arrays.stream(vars.text("VARIANT", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
        .map(name -> named(name).orElseThrow(() -> new ConfigException("VARIANT names an unknown variant '" + name
            + "'; valid names are: " + allNames())))
        .toList();
  }

  public static String allNames() {
    return Arrays.stream(values()).map(Variant::variantName).collect(Collectors.joining(", "));
  }

  /** The parameters as a JSON schema: an object of the known names only, each with its type and range. */
  private BodySchema schema() {
    JsonObject properties = new JsonObject();
    parameters.forEach(parameter -> properties.put(parameter.name(), parameter.schema()));
    return BodySchema.of(new JsonObject().put("type", "object").put("properties", properties).put("additionalProperties", false));
  }

  /**
   * {@code requested} checked against the parameters, with the defaults filled in for what it leaves
   * out; an {@link IllegalArgumentException} naming the parameter when one is unknown or out of range.
   */
  public JsonObject parameters(JsonObject requested) {
    schema().failure(requested).ifPresent(failure -> {
      throw new IllegalArgumentException(describe(failure, requested));
    });
    JsonObject filled = new JsonObject();
    parameters.forEach(parameter -> filled.put(parameter.name(), requested.getValue(parameter.name(), parameter.defaultValue())));
    return filled;
  }

  private String describe(BodySchema.Failure failure, JsonObject requested) {
    String location = String.join("/", failure.instancePath());
    if (location.isEmpty()) {
      // an unknown name is reported on the object itself
      List<String> unknown = requested.fieldNames().stream()
          .filter(field -> parameters.stream().noneMatch(parameter -> parameter.name().equals(field))).toList();
      return unknown.isEmpty()
          ? "the parameters of " + variantName + " must be a JSON object: " + failure.error()
          : variantName + " has no parameter '" + unknown.get(0) + "'; it takes " + names();
    }
    Parameter parameter = parameters.stream().filter(p -> p.name().equals(location)).findFirst().orElse(null);
    return parameter == null
        ? variantName + " has no parameter '" + location + "'; it takes " + names()
        : "parameter '" + location + "' of " + variantName + " must be " + expected(parameter) + ", got " + requested.getValue(location);
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
        .put("name", variantName)
        .put("service", service.serviceName())
        .put("symptom", symptom)
        .put("parameters", described)
        .put("expected_alerts", new JsonArray(expectedAlerts));
  }

  @Override
  public String toString() {
    return variantName;
  }
}
