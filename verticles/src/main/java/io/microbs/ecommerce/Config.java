package io.microbs.ecommerce;

import io.microbs.ecommerce.cart.CartSettings;
import io.microbs.ecommerce.checkout.CheckoutSettings;
import io.microbs.ecommerce.content.ContentSettings;
import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import io.microbs.ecommerce.platform.data.DataServers;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.http.Ports;
import io.microbs.ecommerce.platform.observability.TelemetrySettings;
import io.microbs.ecommerce.platform.runtime.AdminToken;
import io.microbs.ecommerce.platform.runtime.Cluster;
import io.microbs.ecommerce.platform.runtime.Deadlines;
import io.microbs.ecommerce.platform.variants.Variant;
import io.microbs.ecommerce.webgateway.WebGatewaySettings;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the shop is configured with, read once from environment variables at the start: each package reads
 * its own settings record through {@link Variables}, and this record only assembles them, so each verticle is handed
 * the slices it uses. The variable names are the ones {@code docs/configuration.md}, {@code k8s/} and the tests use;
 * a missing or malformed value stops the start with a message that names the variable.
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
    AdminToken admin,
    CallTimeouts timeouts,
    Deadlines deadlines,
    DataServers data,
    TelemetrySettings telemetry,
    String logLevel,
    List<Variant> variants,
    WebGatewaySettings webGateway,
    CartSettings cart,
    CheckoutSettings checkout,
    ContentSettings content,
    SyntheticsSettings synthetics) {

  private static final Set<Service> USING_PRODUCT_DATA = EnumSet.of(Service.PRODUCT, Service.CHECKOUT, Service.PAYMENT);

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
    Ports ports = Ports.from(vars);
    return new Config(
        services, all, clustered, Cluster.from(vars, clustered),
        ports,
        HttpLimits.from(vars),
        AdminToken.from(vars),
        CallTimeouts.from(vars),
        Deadlines.from(vars),
        DataServers.from(vars, new DataServers.Needs(services.toString(),
            services.stream().anyMatch(USING_PRODUCT_DATA::contains), services.contains(Service.CART),
            services.contains(Service.WEB_GATEWAY), all && !clustered)), // as mayStartEmbeddedData() says
        TelemetrySettings.from(vars),
        vars.text("LOG_LEVEL", "info"),
        Variant.onFromStart(vars),
        WebGatewaySettings.from(vars),
        CartSettings.from(vars),
        CheckoutSettings.from(vars),
        ContentSettings.from(vars),
        SyntheticsSettings.from(vars, ports.webGateway()));
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

  /** Embedded data servers are only for the zero-setup run: everything in one JVM, on one machine. */
  public boolean mayStartEmbeddedData() {
    return allServices && !clustered;
  }

  public boolean runs(Service service) {
    return services.contains(service);
  }

  /** The same configuration with the data servers' addresses filled in (the embedded ones of the all-in-one run). */
  public Config withData(DataServers filled) {
    return new Config(services, allServices, clustered, cluster, ports, http, admin, timeouts, deadlines, filled,
        telemetry, logLevel, variants, webGateway, cart, checkout, content, synthetics);
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
}
