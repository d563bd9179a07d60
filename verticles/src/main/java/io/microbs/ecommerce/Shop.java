package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.data.EmbeddedDataServers;
import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.observability.CountingAsyncAppender;
import io.microbs.ecommerce.platform.observability.EventLoopDelay;
import io.microbs.ecommerce.platform.observability.Telemetry;
import io.microbs.ecommerce.platform.observability.TraceExemplars;
import io.microbs.ecommerce.platform.runtime.ClusterMembership;
import io.microbs.ecommerce.platform.runtime.ManagementVerticle;
import io.microbs.ecommerce.platform.variants.MemberIsolation;
import io.microbs.ecommerce.platform.variants.Switchboard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running shop: the services of one JVM, its management server, and the embedded data servers
 * of the zero-setup run. {@link #start} is what {@code java -jar} does and what tests call.
 */
public final class Shop {
  private static final Logger LOG = LoggerFactory.getLogger(Shop.class);
  /** How long the other members may take to learn that this JVM withdrew from the routing, while it keeps serving. */
  private static final Duration CLUSTER_SETTLE = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Config config;
  private final List<Service> services;
  private final Optional<ClusterMembership> membership;
  private final Deployments deployments;
  private final EmbeddedDataServers embedded;
  private final Telemetry telemetry;

  private Shop(Vertx vertx, Config config, List<Service> services, Optional<ClusterMembership> membership,
      Deployments deployments, EmbeddedDataServers embedded, Telemetry telemetry) {
    this.vertx = vertx;
    this.config = config;
    this.services = services;
    this.membership = membership;
    this.deployments = deployments;
    this.embedded = embedded;
    this.telemetry = telemetry;
  }

  /** What this JVM deployed: the readiness checks the management server answers with, and the gateways' deployments. */
  private record Deployments(HealthChecks readiness, List<String> gateways) {
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
    EmbeddedDataServers.Started started = requested.mayStartEmbeddedData()
        ? EmbeddedDataServers.startMissing(requested.data())
        : EmbeddedDataServers.none(requested.data());
    Config config = requested.withData(started.addresses());
    Optional<ClusterMembership> membership = config.clustered()
        ? Optional.of(new ClusterMembership(config.cluster()))
        : Optional.empty();
    Telemetry telemetry = Telemetry.create(config.telemetry(),
        services.stream().map(Service::serviceName).collect(Collectors.toSet()), Set.of(Service.LOADGEN.serviceName()),
        spanProcessors);
    PrometheusMeterRegistry metrics = TraceExemplars.registry();
    return createVertx(membership, telemetry, metrics)
        .compose(vertx -> deploy(vertx, config, services, membership, telemetry, metrics)
            .map(deployed -> new Shop(vertx, config, services, membership, deployed, started.servers(), telemetry))
            .recover(failure -> {
              // Closed in the background: a continuation of close() would be scheduled on an event loop that close()
              // has just shut down, and never run, so a failed start would hang instead of reporting its cause.
              vertx.close();
              return Future.failedFuture(failure);
            }))
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

  private static Future<Vertx> createVertx(Optional<ClusterMembership> membership, Telemetry telemetry,
      MeterRegistry metrics) {
    // Netty's epoll transport where there is one (Linux), NIO elsewhere; an event loop per core, not Vert.x's two per
    // core: the services' instances then share fewer loops, and fewer of their event-bus hops wake another thread
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            // no HTTP_ROUTE: Vert.x chains every route a request passed (/api/v1/:service/>/api/v1/:service/>…);
            // ecommerce_requests_seconds has the routes, as templates. EB_SIDE: each consumer registers its pending gauge
            // once per side (local, remote), which without the side label are one id registered twice
            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE,
                Label.POOL_TYPE, Label.POOL_NAME, Label.CLIENT_NAME, Label.NAMESPACE)));
    VertxBuilder builder = Vertx.builder()
        .withTracer(telemetry.tracerFactory(Set.of(Healthz.PATH)))
        .withMetrics(new MicrometerMetricsFactory(metrics));
    Future<Vertx> created = membership.isPresent()
        ? membership.get().join(builder, options, metrics)
        : Future.succeededFuture(builder.with(options).build());
    return created.onSuccess(vertx -> {
      EventLoopDelay.measure(vertx, metrics);
      CountingAsyncAppender.measure(metrics);
    });
  }

  private static Future<Deployments> deploy(Vertx vertx, Config config, List<Service> services,
      Optional<ClusterMembership> membership, Telemetry telemetry, PrometheusMeterRegistry metrics) {
    HealthChecks readiness = HealthChecks.create(vertx);
    // Not ready until every service of this JVM is deployed; then what it runs (all a JVM without dependencies, the
    // synthetics alone, is ready with).
    JsonObject running = new JsonObject().put("running", new JsonArray(services.stream().map(Service::serviceName).toList()));
    AtomicBoolean deployed = new AtomicBoolean();
    readiness.register("services", promise -> promise.complete(deployed.get()
        ? Status.OK(running)
        : Status.KO(new JsonObject().put("error", "starting"))));
    membership.ifPresent(member -> readiness.register("cluster", member::checkReadiness));
    List<String> gateways = new ArrayList<>();
    // the variants first: a VARIANT set at start is in force from the first request
    String memberName = ManagementFactory.getRuntimeMXBean().getName() + ":" + config.ports().management();
    Future<?> chain = Switchboard.deploy(vertx, memberName, Set.copyOf(services),
            config.variants(), telemetry, metrics)
        .compose(switchedIn -> {
          List<Service> routed = services.stream().filter(Service::isRoutable).toList();
          membership.ifPresent(member -> MemberIsolation.watch(vertx, routed, () -> member.isolate(vertx, routed),
              () -> member.rejoin(vertx, routed)));
          return vertx.deployVerticle(new ManagementVerticle(config.ports(), config.admin(), config.http(), readiness, metrics,
              Services.adminRoutes(services)));
        });
    for (Service service : services) {
      chain = chain.compose(previous -> vertx.deployVerticle(
              () -> Telemetry.forService(service.serviceName(), Services.verticle(service, config, readiness)),
              new DeploymentOptions().setInstances(Services.instances(service)).setConfig(config.settingsShownBy(service)))
          .onSuccess(id -> {
            LOG.info("deployed " + service);
            if (service.isGateway()) {
              gateways.add(id);
            }
          }));
    }
    return chain.map(all -> {
      Services.steerByVariants(vertx, services, readiness);
      deployed.set(true);
      return new Deployments(readiness, gateways);
    });
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

  /**
   * Stops gracefully: reports not ready; stops taking new work (the gateways' HTTP servers stop
   * accepting, and the other members stop sending here once this JVM's services are withdrawn from
   * the cluster's routing, while they still serve what reaches them, this JVM's own calls included);
   * lets the requests in flight finish; then undeploys everything (closing pools), leaves the cluster
   * and stops the embedded data servers.
   */
  public Future<Void> stop() {
    deployments.readiness().register("stopping", promise -> promise.complete(Status.KO()));
    List<Service> routed = services.stream().filter(Service::isRoutable).toList();
    Future<Void> withdrawn = membership.map(member -> member.withdraw(routed)).orElse(Future.succeededFuture());
    Future<Void> gateways = Future.all(deployments.gateways().stream().map(vertx::undeploy).toList()).mapEmpty();
    Duration quiet = membership.isPresent() ? CLUSTER_SETTLE : Duration.ZERO;
    return Future.join(withdrawn, gateways)
        .transform(stopped -> ServiceRouter.awaitIdle(vertx, quiet, config.timeouts().service()))
        .eventually(vertx::close)
        .eventually(() -> {
          telemetry.close();
          embedded.close();
          return Future.succeededFuture();
        });
  }
}
