package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The management server every JVM runs, whatever services it hosts: liveness on {@code /healthz}
 * (the process answers), readiness on {@code /readyz} (the checks the services in this JVM
 * registered: their databases, Redis servers, the cluster), Prometheus metrics on {@code /metrics},
 * and the admin APIs of its services (each checks {@code Authorization: Bearer <ADMIN_TOKEN>}).
 * Readiness is a metric too, {@code ecommerce_ready}, so an alert sees what the probes see.
 */
public class ManagementVerticle extends VerticleBase {
  private static final long READINESS_REFRESH_MILLIS = 5_000;
  /** What a scraper that reads exemplars (Prometheus with exemplar storage) asks for and is answered in. */
  private static final String OPENMETRICS = "application/openmetrics-text";
  private static final String OPENMETRICS_CONTENT_TYPE = OPENMETRICS + "; version=1.0.0; charset=utf-8";
  private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Config.Ports ports;
  private final HealthChecks readiness;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, Function<Vertx, Router>> adminRoutes;

  /** {@code adminRoutes}: the admin APIs of the services in this JVM, by the path they are mounted at. */
  public ManagementVerticle(Config.Ports ports, HealthChecks readiness, PrometheusMeterRegistry metrics,
      Map<String, Function<Vertx, Router>> adminRoutes) {
    this.ports = ports;
    this.readiness = readiness;
    this.metrics = metrics;
    this.adminRoutes = adminRoutes;
  }

  @Override
  public Future<?> start() {
    Router router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle);
    router.get("/readyz").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(this::scrape);
    measureReadiness();
    adminRoutes.forEach((path, admin) -> router.route(path).subRouter(admin.apply(vertx)));
    // probes and scrapes every few seconds would drown the shop's traces
    return vertx.createHttpServer(new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE))
        .requestHandler(router)
        .listen(ports.management(), ports.bindHost());
  }

  private void measureReadiness() {
    AtomicInteger ready = new AtomicInteger();
    Gauge.builder("ecommerce.ready", ready, AtomicInteger::get)
        .description("1 while this JVM's readiness checks (/readyz) pass, else 0; refreshed every 5 s")
        .register(metrics);
    vertx.setPeriodic(0, READINESS_REFRESH_MILLIS, timer -> readiness.checkStatus()
        .onComplete(checked -> ready.set(checked.succeeded() && CheckResult.isUp(checked.result()) ? 1 : 0)));
  }

  /** The Prometheus text, or OpenMetrics (which carries the exemplars) for a scraper that accepts it. */
  private void scrape(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    String type = accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(metrics.scrape(type));
  }
}
