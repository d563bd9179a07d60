package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.data.DataServers;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.RedisAddress;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.observability.TelemetrySettings;
import io.microbs.ecommerce.platform.variants.Variant;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the shop is configured with, read once from environment variables into typed values,
 * one small record per concern; each verticle is handed only the slices it uses. The variable names
 * are the ones {@code docs/configuration.md}, {@code k8s/} and the tests use; a missing or malformed
 * value stops the start with a message that names the variable.
 *
 * <p>A data-service address is null only in the all-in-one, non-clustered run, where the launcher
 * starts an embedded server for it and calls {@link #withData}.
 */
public record Config(
    Set<Service> services,
    boolean allServices,
    boolean clustered,
    Cluster cluster,
    Ports ports,
    HttpLimits http,
    Admin admin,
    Timeouts timeouts,
    DataServers data,
    Sessions sessions,
    ClientLimits clientLimits,
    Duration cartTtl,
    Duration orderReconcile,
    String contentBasePath,
    TelemetrySettings telemetry,
    Synthetics synthetics,
    String logLevel,
    List<Variant> variants) {

  /** Where the HTTP servers listen ({@code SERVICE_BIND_HOST}, {@code *_PORT}). */
  public record Ports(String bindHost, int webGateway, int apiGateway, int management) {
  }

  /** The bearer token of the admin API ({@code ADMIN_TOKEN}); {@code generated} when none was set. */
  public record Admin(String token, boolean generated) {
  }

  /**
   * How long a caller waits for a service ({@code SERVICE_TIMEOUT_MS}), checkout for payment
   * ({@code PAYMENT_TIMEOUT_MS}), and the JVM for its own graceful stop ({@code STOP_TIMEOUT_SECONDS}).
   */
  public record Timeouts(Duration service, Duration payment, Duration stop) {
    /** What a gateway waits for {@code called}: a checkout waits for payment (0.5-1 s by design) in turn. */
    public Duration forService(Service called) {
      return called == Service.CHECKOUT ? service.plus(payment) : service;
    }
  }

  /** The web gateway's sessions: idle lifetime and the cookie's signing key ({@code SESSION_*}). */
  public record Sessions(Duration ttl, String secret, boolean secretGenerated) {
    @Override
    public String toString() {
      return "Sessions[ttl=" + ttl + "]"; // never the secret
    }
  }

  /**
   * What the web gateway lets one client do, and all of them at once ({@code WEB_GATEWAY_*}). A client is
   * the remote address, or the first {@code X-Forwarded-For} hop when {@code trustForwardedFor}.
   *
   * @param requestsPerSecond the rate of a client's token bucket, {@code requestBurst} its size
   * @param sessionsPerSecond how many new sessions a client may start a second, {@code sessionBurst} at once
   * @param maxInFlight requests the gateway works on at once; more are refused at once (503)
   * @param newVisitInFlight prompt requests (all but the checkouts waiting for the payment) in flight beyond
   *     which, for more than a stall's burst, a new visit is refused (503): the rest of the shop's time is kept
   *     for the visits under way
   * @param overloadLatency when even the quickest storefront call of an {@code overloadInterval} took
   *     longer, the gateway is past its capacity and refuses new visits (503) until one is back under it
   */
  public record ClientLimits(int requestsPerSecond, int requestBurst, int sessionsPerSecond, int sessionBurst,
      int maxInFlight, int newVisitInFlight, Duration overloadLatency, Duration overloadInterval, boolean trustForwardedFor) {
  }

  /** The built-in synthetics: where they shop, how many, and the scale of their pauses. */
  public record Synthetics(String target, int users, double thinkTime) {
  }

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern CONTENT_BASE_PATH = Pattern.compile("https?://[^/\\s?#]+(/[^\\s?#]*)?");

  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads a configuration from the given variables; tests pass their own map, {@code main} passes the environment. */
  public static Config from(Map<String, String> env) {
    Variables vars = new Variables(env);
    String servicesSpec = vars.text("SERVICES", "all");
    boolean all = servicesSpec.equals("all");
    Set<Service> services = all ? EnumSet.allOf(Service.class) : parseServices(servicesSpec);
    boolean clustered = vars.flag("CLUSTERED", false);
    boolean embeddedAllowed = all && !clustered; // as mayStartEmbeddedData() says
    Ports ports = new Ports(vars.text("SERVICE_BIND_HOST", "0.0.0.0"), vars.port("WEB_GATEWAY_PORT", 8080),
        vars.port("API_GATEWAY_PORT", 8081), vars.port("MANAGEMENT_PORT", 8082));
    return new Config(
        services, all, clustered, cluster(vars, clustered),
        ports,
        new HttpLimits(Duration.ofSeconds(vars.positiveInt("HTTP_REQUEST_TIMEOUT_SECONDS", 10)),
            Duration.ofSeconds(vars.positiveInt("HTTP_IDLE_TIMEOUT_SECONDS", 60)),
            vars.positiveInt("HTTP_MAX_CONNECTIONS", 4_096),
            vars.flag("HTTP2_CLEARTEXT", false)),
        admin(vars),
        new Timeouts(Duration.ofMillis(vars.positiveInt("SERVICE_TIMEOUT_MS", 2_000)),
            Duration.ofMillis(vars.positiveInt("PAYMENT_TIMEOUT_MS", 2_000)),
            // Kubernetes' 30 s grace less the pods' 5 s preStop pause, with a margin
            Duration.ofSeconds(vars.positiveInt("STOP_TIMEOUT_SECONDS", 20))),
        new DataServers(readProductData(vars, services, embeddedAllowed),
            redis(vars, "CART_DATA", services.contains(Service.CART), embeddedAllowed),
            redis(vars, "SESSION_DATA", services.contains(Service.WEB_GATEWAY), embeddedAllowed)),
        sessions(vars),
        clientLimits(vars),
        Duration.ofSeconds(vars.positiveInt("CART_TTL_SECONDS", 24 * 60 * 60)),
        Duration.ofSeconds(vars.positiveInt("ORDER_RECONCILE_SECONDS", 30)),
        contentBasePath(vars),
        new TelemetrySettings(vars.text("DEPLOYMENT_ENVIRONMENT", "development"), vars.text("SERVICE_VERSION", ""),
            otlpEndpoint(vars),
            !vars.text("OTEL_EXPORTER_OTLP_ENDPOINT", "").isEmpty() || !vars.text("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isEmpty()
                || !vars.text("OTEL_TRACES_EXPORTER", "").isEmpty()),
        // the reference's synthetics: the web gateway by SERVICE_HOST/PORT_WEB_GATEWAY, 2 users per instance
        new Synthetics("http://" + vars.text("SERVICE_HOST_WEB_GATEWAY", "127.0.0.1") + ":"
                + vars.port("SERVICE_PORT_WEB_GATEWAY", ports.webGateway()),
            vars.number("NUM_VIRTUAL_USERS", 2, 0, 10_000),
            vars.decimal("LOADGEN_THINK_TIME", 1.0)),
        vars.text("LOG_LEVEL", "info"),
        variants(vars));
  }

  /** The variants on from the start ({@code VARIANT=basic-bug,latency}), each a name of the catalogue. */
  private static List<Variant> variants(Variables vars) {
    return Arrays.stream(vars.text("VARIANT", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
        .map(name -> Variant.named(name).orElseThrow(() -> new ConfigException("VARIANT names an unknown variant '" + name
            + "'; valid names are: " + Variant.allNames())))
        .toList();
  }

  private static Admin admin(Variables vars) {
    String token = vars.text("ADMIN_TOKEN", "");
    return token.isEmpty() ? new Admin(randomHex(24), true) : new Admin(token, false);
  }

  private static Sessions sessions(Variables vars) {
    String secret = vars.text("SESSION_SECRET", "");
    if (!secret.isEmpty() && secret.length() < 16) {
      throw new ConfigException("SESSION_SECRET must be at least 16 characters");
    }
    Duration ttl = Duration.ofSeconds(vars.positiveInt("SESSION_TTL_SECONDS", 300));
    return secret.isEmpty() ? new Sessions(ttl, randomHex(32), true) : new Sessions(ttl, secret, false);
  }

  /**
   * Defaults far above what a shopper does (a page is about 15 requests and one session) and above
   * what the built-in loadgen makes from its one address at its documented loads (50 users without
   * think time, the 900-user spike), by a wide margin.
   */
  private static ClientLimits clientLimits(Variables vars) {
    return new ClientLimits(
        vars.positiveInt("WEB_GATEWAY_REQUESTS_PER_SECOND", 5_000),
        vars.positiveInt("WEB_GATEWAY_REQUEST_BURST", 10_000),
        vars.positiveInt("WEB_GATEWAY_SESSIONS_PER_SECOND", 500),
        vars.positiveInt("WEB_GATEWAY_SESSION_BURST", 1_000),
        vars.positiveInt("WEB_GATEWAY_MAX_IN_FLIGHT", 1_000),
        // sized for 2 cores: low enough that past capacity new visits are refused before requests queue (a limit in
        // the hundreds lets them queue first, and the refusals come late), above what the shop holds in flight below
        // its capacity; raise it where a request's hops take longer, as between pods
        vars.positiveInt("WEB_GATEWAY_NEW_VISIT_IN_FLIGHT", 24),
        // sized for 2 cores: well above what a storefront call takes there below capacity, so when even the quickest
        // of ten takes this long, requests are queueing
        Duration.ofMillis(vars.positiveInt("WEB_GATEWAY_OVERLOAD_LATENCY_MS", 50)),
        Duration.ofMillis(vars.positiveInt("WEB_GATEWAY_OVERLOAD_INTERVAL_MS", 100)),
        vars.flag("WEB_GATEWAY_TRUST_FORWARDED_FOR", false));
  }

  private static PgAddress readProductData(Variables vars, Set<Service> services, boolean embeddedAllowed) {
    String host = vars.text("SERVICE_HOST_PRODUCT_DATA", "");
    if (host.isEmpty()) {
      if ((services.contains(Service.PRODUCT) || services.contains(Service.CHECKOUT) || services.contains(Service.PAYMENT))
          && !embeddedAllowed) {
        throw new ConfigException("SERVICE_HOST_PRODUCT_DATA is not set: " + services + " need PostgreSQL (product-data); "
            + "embedded servers are only started for the all-in-one, non-clustered run");
      }
      return null;
    }
    String database = vars.text("SERVICE_DATABASE_PRODUCT_DATA", "products");
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new ConfigException("SERVICE_DATABASE_PRODUCT_DATA must be a lower-case identifier, got '" + database + "'");
    }
    return new PgAddress(host, vars.port("SERVICE_PORT_PRODUCT_DATA", 5432),
        vars.text("SERVICE_USERNAME_PRODUCT_DATA", "postgres"), vars.text("SERVICE_PASSWORD_PRODUCT_DATA", ""), database);
  }

  /**
   * The reference's OTLP receiver ({@code OTLP_RECEIVER_HOST}, {@code OTLP_RECEIVER_PORT}, gRPC) as an
   * endpoint URL; empty when not set. The SDK's own {@code OTEL_*} variables, read by its
   * autoconfigure, win over it.
   */
  private static String otlpEndpoint(Variables vars) {
    String host = vars.text("OTLP_RECEIVER_HOST", "");
    return host.isEmpty() ? "" : "http://" + host + ":" + vars.port("OTLP_RECEIVER_PORT", 4317);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static Set<Service> parseServices(String spec) {
    Set<Service> services = EnumSet.noneOf(Service.class);
    for (String name : spec.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      services.add(Service.named(trimmed).orElseThrow(() -> new ConfigException(
          "SERVICES names an unknown service '" + trimmed + "'; valid names are: all, " + Service.allNames())));
    }
    if (services.isEmpty()) {
      throw new ConfigException("SERVICES is empty; use 'all' or a comma list of: " + Service.allNames());
    }
    return services;
  }

  /** Where product images may be fetched from ({@code <base>/<filename>}), without a trailing slash; empty: local images only. */
  private static String contentBasePath(Variables vars) {
    String base = vars.text("APPS_ECOMMERCE_CONTENT_BASE_PATH", "");
    if (!base.isEmpty() && !CONTENT_BASE_PATH.matcher(base).matches()) {
      throw new ConfigException("APPS_ECOMMERCE_CONTENT_BASE_PATH must be an http:// or https:// URL, got '" + base + "'");
    }
    return base.replaceAll("/+$", "");
  }

  private static RedisAddress redis(Variables vars, String name, boolean needed, boolean embeddedAllowed) {
    String sentinels = vars.text(name + "_SENTINELS", "");
    if (!sentinels.isEmpty()) {
      List<String> list = Arrays.stream(sentinels.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      for (String sentinel : list) {
        if (!sentinel.matches("[^:\\s]+:\\d{1,5}")) {
          throw new ConfigException(name + "_SENTINELS must be a comma list of host:port, got '" + sentinel + "'");
        }
      }
      return RedisAddress.sentinels(list, vars.text(name + "_MASTER_NAME", "mymaster"), redisDatabase(vars, name));
    }
    String host = vars.text("SERVICE_HOST_" + name, "");
    if (!host.isEmpty()) {
      return RedisAddress.server(host, vars.port("SERVICE_PORT_" + name, 6379), redisDatabase(vars, name));
    }
    if (needed && !embeddedAllowed) {
      throw new ConfigException("SERVICE_HOST_" + name + " (or " + name + "_SENTINELS) is not set; "
          + "embedded servers are only started for the all-in-one, non-clustered run");
    }
    return null;
  }

  /** How this JVM joins the others; read even when not clustered, so a typo fails before the first clustered run. */
  private static Cluster cluster(Variables vars, boolean clustered) {
    Cluster.Discovery discovery = Cluster.Discovery.of(vars.text("CLUSTER_DISCOVERY", "network"));
    String host = vars.text("CLUSTER_HOST", discovery == Cluster.Discovery.NETWORK ? "127.0.0.1" : "");
    if (host.isEmpty() && clustered) {
      throw new ConfigException("CLUSTER_HOST is not set: with CLUSTER_DISCOVERY=kubernetes it must be the pod's IP "
          + "(fieldRef status.podIP)");
    }
    List<String> members = Arrays.stream(vars.text("CLUSTER_MEMBERS", host).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String member : members) {
      // Hazelcast fails at start on a port range (127.0.0.1:5701-5703): members are listed one by one.
      if (!member.matches("[^:\\s]+(:\\d{1,5})?")) {
        throw new ConfigException("CLUSTER_MEMBERS must be a comma list of host or host:port, got '" + member + "'");
      }
    }
    String configFile = vars.text("CLUSTER_CONFIG", "");
    if (!configFile.isEmpty() && !Files.isReadable(Path.of(configFile))) {
      throw new ConfigException("CLUSTER_CONFIG names '" + configFile + "', which is not a readable file");
    }
    String eventBusHost = vars.text("EVENT_BUS_HOST", host);
    return new Cluster(discovery,
        vars.text("CLUSTER_NAME", "ecommerce"),
        host,
        vars.port("CLUSTER_PORT", 5701),
        members,
        vars.text("CLUSTER_KUBERNETES_SERVICE", "hazelcast"),
        configFile,
        eventBusHost,
        vars.text("EVENT_BUS_PUBLIC_HOST", eventBusHost),
        vars.number("EVENT_BUS_PORT", 0, 0, 65_535));
  }

  /** The logical database (0-15), so cart-data and session-data can share one server in development. */
  private static int redisDatabase(Variables vars, String name) {
    return vars.number("SERVICE_DATABASE_" + name, 0, 0, 15);
  }

  /** Embedded data servers are only for the zero-setup run: everything in one JVM, on one machine. */
  public boolean mayStartEmbeddedData() {
    return allServices && !clustered;
  }

  public boolean runs(Service service) {
    return services.contains(service);
  }

  /** The same configuration with the data servers' addresses filled in (the embedded ones of the all-in-one run). */
  public Config withData(DataServers filled) {
    return new Config(services, allServices, clustered, cluster, ports, http, admin, timeouts, filled, sessions,
        clientLimits, cartTtl, orderReconcile, contentBasePath, telemetry, synthetics, logLevel, variants);
  }

  /** What {@code GET /} of a service shows, as the reference does: settings only, never a secret. */
  public JsonObject settingsShownBy(Service service) {
    return new JsonObject()
        .put("CLUSTERED", clustered)
        .put("DEPLOYMENT_ENVIRONMENT", telemetry.deploymentEnvironment())
        .put("SERVICE_NAME", service.serviceName())
        .put("SERVICE_TIMEOUT_MS", timeouts.service().toMillis())
        .put("SERVICE_VERSION", telemetry.serviceVersion());
  }

  @Override
  public String toString() {
    // Keeps the admin token and passwords out of any log line that prints the configuration.
    return "Config[services=" + services + ", clustered=" + (clustered ? cluster : "false") + ", " + ports + ", " + data
        + ", serviceTimeout=" + timeouts.service().toMillis() + "ms]";
  }

  /** Typed reads of environment variables, each failure naming its variable. */
  private record Variables(Map<String, String> env) {

    String text(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    boolean flag(String name, boolean fallback) {
      String value = text(name, "");
      if (value.isEmpty()) {
        return fallback;
      }
      return switch (value.toLowerCase()) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
      };
    }

    /** A number of 0 or more, such as a scale factor. */
    double decimal(String name, double fallback) {
      String value = text(name, "");
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (parsed >= 0 && Double.isFinite(parsed)) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(name + " must be a number of 0 or more, got '" + value + "'");
    }

    int positiveInt(String name, int fallback) {
      return number(name, fallback, 1, Integer.MAX_VALUE);
    }

    int port(String name, int fallback) {
      return number(name, fallback, 1, 65_535);
    }

    int number(String name, int fallback, int min, int max) {
      String value = text(name, "");
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
  }
}
