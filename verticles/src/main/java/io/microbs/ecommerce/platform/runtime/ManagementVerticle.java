package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.http.HttpServers;
import io.microbs.ecommerce.platform.http.Ports;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The management server every JVM runs, whatever services it hosts: liveness on {@code /healthz}
 * (the process answers), readiness on {@code /readyz} (the checks the services in this JVM
 * registered: their databases, Redis servers, the cluster), Prometheus metrics on {@code /metrics},
 * the admin APIs (every call with {@code Authorization: Bearer <ADMIN_TOKEN>}) and the control page
 * {@code /admin}, which calls them with the token its user types. Readiness is a metric too,
 * {@code ecommerce_ready}, so an alert sees what the probes see.
 */
public class ManagementVerticle extends VerticleBase {
  /** What a scraper that reads exemplars (Prometheus with exemplar storage) asks for and is answered in. */
  private static final String OPENMETRICS = "application/openmetrics-text";
  private static final String OPENMETRICS_CONTENT_TYPE = OPENMETRICS + "; version=1.0.0; charset=utf-8";
  private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Ports ports;
  private final AdminToken admin;
  private final HttpLimits httpLimits;
  private final HealthChecks readiness;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, Function<Vertx, Router>> adminRoutes;

  /** {@code adminRoutes}: the admin APIs of this JVM, by the path they are mounted at. */
  public ManagementVerticle(Ports ports, AdminToken admin, HttpLimits httpLimits, HealthChecks readiness,
      PrometheusMeterRegistry metrics, Map<String, Function<Vertx, Router>> adminRoutes) {
    this.ports = ports;
    this.admin = admin;
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
    AtomicInteger ready = measureReadiness();
    router.get("/metrics").handler(ctx -> scrape(ctx, ready));
    Handler<RoutingContext> token = requireToken(admin.token());
    adminRoutes.forEach((path, api) -> {
      router.route(path).handler(token);
      router.route(path).subRouter(api.apply(vertx));
    });
    // the control page (/admin and /admin/): static, public (it holds no secret), in the storefront's look
    router.get("/admin/css/*").handler(StaticHandler.create("webroot/css"));
    router.get("/admin/*").handler(StaticHandler.create("admin").setIndexPage("index.html"));
    // probes and scrapes every few seconds would drown the shop's traces
    return HttpServers.create(vertx, "management", httpLimits, new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE))
        .requestHandler(router)
        .listen(ports.management(), ports.bindHost());
  }

  /** {@code ecommerce_ready}: what /readyz answers, as of the last scrape. */
  private AtomicInteger measureReadiness() {
    AtomicInteger ready = new AtomicInteger();
    Gauge.builder("ecommerce.ready", ready, AtomicInteger::get)
        .description("1 while this JVM's readiness checks (/readyz) pass, else 0; checked at every scrape")
        .register(metrics);
    return ready;
  }

  /**
   * The Prometheus text, or OpenMetrics (which carries the exemplars) for a scraper that accepts it;
   * readiness is checked first, so the scrape shows what /readyz answers now.
   */
  private void scrape(RoutingContext ctx, AtomicInteger ready) {
    readiness.checkStatus().onComplete(checked -> {
      ready.set(checked.succeeded() && CheckResult.isUp(checked.result()) ? 1 : 0);
      String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
      String type = accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(metrics.scrape(type));
    });
  }

  /** The one check of the admin token, in constant time, in front of every admin API. */
  private static Handler<RoutingContext> requireToken(String adminToken) {
    byte[] expected = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      if (authorization == null || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
        ctx.response().setStatusCode(401).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", "failure")
                .put("error", "a valid Authorization: Bearer <ADMIN_TOKEN> header is required").toBuffer());
        return;
      }
      ctx.next();
    };
  }
}
