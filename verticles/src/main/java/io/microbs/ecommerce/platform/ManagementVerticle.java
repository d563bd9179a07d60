package io.microbs.ecommerce.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * The management server every JVM runs, whatever services it hosts: liveness on {@code /healthz}
 * (the process answers) and readiness on {@code /readyz} (the checks the services in this JVM
 * registered: their databases, Redis servers, the cluster).
 */
public class ManagementVerticle extends VerticleBase {
  private final Config config;
  private final HealthChecks readiness;

  public ManagementVerticle(Config config, HealthChecks readiness) {
    this.config = config;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    Router router = HttpErrors.install(Router.router(vertx));
    router.get("/healthz").handler(Healthz::handle);
    router.get("/readyz").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.managementPort(), config.bindHost());
  }
}
