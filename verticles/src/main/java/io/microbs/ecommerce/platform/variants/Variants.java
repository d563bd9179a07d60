package io.microbs.ecommerce.platform.variants;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of variants: the reference's five ({@code basic-bug}, {@code sql-syntax-error},
 * {@code nginx-failure}, {@code bind-localhost}, {@code traffic-spike}) and graded faults beyond it.
 * Each variant's effect lives where it acts (the service, the bus router, the management server);
 * this list says what each one is, takes and should look like, and which alerts of
 * {@code observability/prometheus/rules.yml} it trips (PrometheusIT switches each on and waits for them).
 */
public final class Variants {
  public static final String BASIC_BUG = "basic-bug";
  public static final String SQL_SYNTAX_ERROR = "sql-syntax-error";
  public static final String NGINX_FAILURE = "nginx-failure";
  public static final String BIND_LOCALHOST = "bind-localhost";
  public static final String TRAFFIC_SPIKE = "traffic-spike";
  public static final String ERROR_RATE = "error-rate";
  public static final String LATENCY = "latency";
  public static final String PAYMENT_DECLINES = "payment-declines";
  public static final String PAYMENT_UNREACHABLE = "payment-unreachable";
  public static final String CPU_BURN = "cpu-burn";
  public static final String MEMORY_LEAK = "memory-leak";
  public static final String READINESS_FAILURE = "readiness-failure";
  public static final String POOL_EXHAUSTION = "pool-exhaustion";
  public static final String SLOW_QUERIES = "slow-queries";
  public static final String CART_DATA_UNAVAILABLE = "cart-data-unavailable";
  public static final String SLOW_IMAGES = "slow-images";
  public static final String MEMBER_ISOLATED = "member-isolated";

  /** The services behind the gateways, which a graded fault may aim at. */
  private static final List<String> ROUTED = List.of("product", "cart", "checkout", "payment", "content");
  /** Every service a JVM can run, gateways and synthetics included. */
  private static final List<String> ANY = List.of("api-gateway", "web-gateway", "product", "cart", "checkout", "payment",
      "content", "loadgen");

  private static final Parameter ROUTE = Parameter.text("route", "^(/[A-Za-z0-9:_.-]*){0,8}$",
      "the route pattern, such as /documents; empty: every route");

  private static final List<Variant> ALL = List.of(
      new Variant(BASIC_BUG, "product",
          "product's /documents burns CPU for burn_ms, then answers 500 with the exception's message; its span is ERROR "
              + "with the exception recorded (on_event_loop: the burn blocks the event loop, Vert.x warns of a blocked "
              + "thread and everything on that loop stalls)",
          List.of(Parameter.integer("burn_ms", 1_000, 0, 30_000, "how long each /documents call burns CPU"),
              Parameter.flag("on_event_loop", false, "burn on the event loop, the classic Vert.x mistake")),
          List.of("AvailabilityBudgetBurnFast", "LatencyBudgetBurnFast")),
      new Variant(SQL_SYNTAX_ERROR, "product",
          "product's /documents with ids runs malformed SQL: PostgreSQL's error comes back as a 500 and on the database "
              + "span; search and suggestions keep working",
          List.of(), List.of("AvailabilityBudgetBurnFast")),
      new Variant(NGINX_FAILURE, "api-gateway",
          "every DELETE through the gateways is refused with 403, internal ones too: cart lines can't be removed, and "
              + "checkout charges, then fails to empty the cart (the order stays paid, the cart full, the page shows 403)",
          List.of(), List.of("RequestsForbidden", "OrdersStuck")),
      new Variant(BIND_LOCALHOST, "api-gateway",
          "the api gateway listens on 127.0.0.1 only: nothing outside its host or pod reaches it",
          List.of(), List.of("GatewayProbeFailing")),
      new Variant(TRAFFIC_SPIKE, "loadgen",
          "every loadgen of the cluster runs users shoppers (the reference: 6 pods x 150), back to its previous load "
              + "when switched off",
          List.of(Parameter.integer("users", 900, 1, 10_000, "virtual users per loadgen")),
          List.of("TrafficSurge")),
      new Variant(ERROR_RATE, "product",
          "a share rate of the service's requests (on route, or all) answer 500",
          List.of(Parameter.choice("service", "product", ROUTED, "the service whose requests fail"),
              ROUTE,
              Parameter.number("rate", 0.1, 0, 1, "the share of requests that fail")),
          List.of("AvailabilityBudgetBurnFast")),
      new Variant(LATENCY, "product",
          "the service's requests (on route, or all) wait fixed_ms plus up to jitter_ms before being handled",
          List.of(Parameter.choice("service", "product", ROUTED, "the service whose requests wait"),
              ROUTE,
              Parameter.integer("fixed_ms", 500, 0, 30_000, "the delay every request gets"),
              Parameter.integer("jitter_ms", 250, 0, 30_000, "up to this much more, uniformly")),
          List.of("LatencyBudgetBurnFast")),
      new Variant(PAYMENT_DECLINES, "payment",
          "a share rate of valid cards are declined with 402 after the usual delay; checkout answers it and the order "
              + "is failed",
          List.of(Parameter.number("rate", 0.3, 0, 1, "the share of charges declined")),
          List.of("PaymentDeclinesHigh")),
      new Variant(PAYMENT_UNREACHABLE, "payment",
          "calls to payment go nowhere: checkout waits PAYMENT_TIMEOUT_MS, answers 504 and fails the order",
          List.of(), List.of("AvailabilityBudgetBurnFast")),
      new Variant(CPU_BURN, "product",
          "each JVM that runs the service burns share of a core on a worker thread",
          List.of(Parameter.choice("service", "product", ANY, "the service whose JVMs burn"),
              Parameter.number("share", 0.5, 0.05, 1, "the share of one core to burn")),
          List.of("JvmCpuSurge")),
      new Variant(MEMORY_LEAK, "product",
          "each JVM that runs the service keeps mib_per_minute more of its heap every minute, up to cap_mib; all freed "
              + "when switched off",
          List.of(Parameter.choice("service", "product", ANY, "the service whose JVMs leak"),
              Parameter.integer("mib_per_minute", 32, 1, 1_024, "how fast the heap fills"),
              Parameter.integer("cap_mib", 128, 1, 1_024, "where the leak stops")),
          List.of("JvmHeapGrowing")),
      new Variant(READINESS_FAILURE, "product",
          "/readyz answers 503 in each JVM that runs the service while /healthz stays 200: Kubernetes takes its pods out "
              + "of their Services",
          List.of(Parameter.choice("service", "product", ANY, "the service whose JVMs report not ready")),
          List.of("ServiceNotReady")),
      new Variant(POOL_EXHAUSTION, "product",
          "connections of the service's PostgreSQL pool are held: its queries wait for one and fail with 503 after 2 s",
          List.of(Parameter.choice("service", "product", List.of("product", "checkout"), "whose pool is exhausted"),
              Parameter.integer("connections", 8, 1, 8, "how many of the pool's 8 connections are held")),
          List.of("PoolSaturated", "AvailabilityBudgetBurnFast")),
      new Variant(SLOW_QUERIES, "product",
          "every catalogue query first sleeps sleep_ms in PostgreSQL (pg_sleep), holding its connection",
          List.of(Parameter.integer("sleep_ms", 1_000, 0, 30_000, "how long PostgreSQL sleeps before each query")),
          List.of("LatencyBudgetBurnFast")),
      new Variant(CART_DATA_UNAVAILABLE, "cart",
          "cart-data (Redis) is away for the cart service: every cart request answers 503 and cart's readiness fails; "
              + "checkout can't read carts",
          List.of(), List.of("AvailabilityBudgetBurnFast", "ServiceNotReady")),
      new Variant(SLOW_IMAGES, "content",
          "every product image takes delay_ms longer: pages show their products before their pictures",
          List.of(Parameter.integer("delay_ms", 2_000, 0, 30_000, "how much longer each image takes")),
          List.of("LatencyBudgetBurnFast")),
      new Variant(MEMBER_ISOLATED, "product",
          "each JVM that runs the service leaves the event bus's routing and drops the other members' messages while it "
              + "serves its own: the gateways answer 503/504 for what only it runs (no effect without a cluster)",
          List.of(Parameter.choice("service", "product", ROUTED, "the service whose JVMs are cut off")),
          List.of("AvailabilityBudgetBurnFast")));

  private Variants() {
  }

  public static List<Variant> all() {
    return ALL;
  }

  public static Optional<Variant> named(String name) {
    return ALL.stream().filter(variant -> variant.name().equals(name)).findFirst();
  }

  public static String allNames() {
    return ALL.stream().map(Variant::name).collect(Collectors.joining(", "));
  }
}
