package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.http.HttpServers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Map;
import java.util.function.Function;

/**
 * The management server every JVM runs, whatever services it hosts: liveness on {@code /healthz}
 * (the process answers), readiness on {@code /readyz} (the checks the services in this JVM
 * registered: their databases, Redis servers, the cluster), Prometheus metrics on {@code /metrics},
 * and the admin APIs of its services (each checks {@code Authorization: Bearer <ADMIN_TOKEN>}).
 */
public class ManagementVerticle extends VerticleBase {
  private final Config.Ports ports;
  private final HttpLimits httpLimits;
  private final HealthChecks readiness;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, Function<Vertx, Router>> adminRoutes;

  /** {@code adminRoutes}: the admin APIs of the services in this JVM, by the path they are mounted at. */
  public ManagementVerticle(Config.Ports ports, HttpLimits httpLimits, HealthChecks readiness, PrometheusMeterRegistry metrics,
      Map<String, Function<Vertx, Router>> adminRoutes) {
    this.ports = ports;
    this.httpLimits = httpLimits;
    this.readiness = readiness;
    this.metrics = metrics;
    this.adminRoutes = adminRoutes;
  }

  @Override
  public Future<?> start() {
    Router router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle);
    router.get("/readyz").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    adminRoutes.forEach((path, admin) -> router.route(path).subRouter(admin.apply(vertx)));
    // probes and scrapes every few seconds would drown the shop's traces
    return HttpServers.create(vertx, "management", httpLimits, new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE))
        .requestHandler(router)
        .listen(ports.management(), ports.bindHost());
  }
}
