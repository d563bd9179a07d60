package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.Config;
import io.microbs.ecommerce.platform.ConfigException;
import io.microbs.ecommerce.platform.EmbeddedDataServers;
import io.microbs.ecommerce.platform.ManagementVerticle;
import io.microbs.ecommerce.platform.Service;
import io.microbs.ecommerce.platform.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A running shop: the services of one JVM, its management server, and the embedded data servers
 * of the zero-setup run. {@link #start} is what {@code java -jar} does and what tests call.
 */
public final class Shop {
  private static final Logger LOG = Logger.getLogger(Shop.class.getName());

  private final Vertx vertx;
  private final Config config;
  private final List<Service> services;
  private final EmbeddedDataServers embedded;
  private final Telemetry telemetry;

  private Shop(Vertx vertx, Config config, List<Service> services, EmbeddedDataServers embedded, Telemetry telemetry) {
    this.vertx = vertx;
    this.config = config;
    this.services = services;
    this.embedded = embedded;
    this.telemetry = telemetry;
  }

  /**
   * Starts the configured services. Blocks while embedded data servers start (call it from a plain
   * thread, as {@code main} and tests do); the rest is asynchronous.
   */
  public static Future<Shop> start(Config requested) {
    return start(requested, List.of());
  }

  /** Starts the shop with extra span processors, which see every span (tests collect them in memory). */
  public static Future<Shop> start(Config requested, List<SpanProcessor> spanProcessors) {
    List<Service> services = servicesToRun(requested);
    EmbeddedDataServers.Started started = EmbeddedDataServers.startMissing(requested);
    Config config = started.config();
    Telemetry telemetry = Telemetry.create(config,
        services.stream().map(Service::serviceName).collect(Collectors.toSet()), spanProcessors);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return createVertx(config, telemetry, metrics)
        .compose(vertx -> deploy(vertx, config, services, metrics)
            .map(deployed -> new Shop(vertx, config, services, started.servers(), telemetry))
            .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure))))
        .onFailure(failure -> {
          telemetry.close();
          started.servers().close();
        });
  }

  /** The services to deploy, gateways last: once a gateway's port is open, what it routes to is there. */
  private static List<Service> servicesToRun(Config config) {
    List<Service> services = new ArrayList<>();
    for (Service service : config.services()) {
      if (Services.isBuilt(service)) {
        services.add(service);
      } else if (!config.allServices()) {
        throw new ConfigException("SERVICES names '" + service + "', which this build does not include yet");
      }
    }
    services.sort(Comparator.comparing(Service::isGateway));
    return services;
  }

  private static Future<Vertx> createVertx(Config config, Telemetry telemetry, MeterRegistry metrics) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.EB_ADDRESS, Label.EB_FAILURE,
            Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE)));
    VertxBuilder builder = Vertx.builder().with(options)
        .withTracer(telemetry.tracerFactory())
        .withMetrics(new MicrometerMetricsFactory(metrics));
    if (!config.clustered()) {
      return Future.succeededFuture(builder.build());
    }
    return builder.withClusterManager(new HazelcastClusterManager()).buildClustered();
  }

  private static Future<Void> deploy(Vertx vertx, Config config, List<Service> services, PrometheusMeterRegistry metrics) {
    HealthChecks readiness = HealthChecks.create(vertx);
    Future<?> chain = vertx.deployVerticle(
        new ManagementVerticle(config, readiness, metrics, Services.adminRoutes(config, services)));
    for (Service service : services) {
      chain = chain.compose(previous -> vertx.deployVerticle(
              () -> Telemetry.forService(service, Services.verticle(service, config, readiness)),
              new DeploymentOptions().setInstances(Services.instances(service)))
          .onSuccess(id -> LOG.info("deployed " + service)));
    }
    return chain.mapEmpty();
  }

  public Config config() {
    return config;
  }

  /** The services this JVM runs. */
  public List<Service> services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Undeploys every service (closing their pools), leaves the cluster, flushes traces, then stops the embedded data servers. */
  public Future<Void> stop() {
    return vertx.close().eventually(() -> {
      telemetry.close();
      embedded.close();
      return Future.succeededFuture();
    });
  }
}
