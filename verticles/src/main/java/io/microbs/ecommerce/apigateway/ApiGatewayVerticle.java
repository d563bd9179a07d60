package io.microbs.ecommerce.apigateway;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpBridge;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.microbs.ecommerce.platform.observability.RequestLog;
import io.microbs.ecommerce.platform.runtime.Config;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The internal HTTP gateway, with the reference's routing rules: {@code /api/v1/<service>/<path>}
 * and {@code /api/v1/<service>} reach that service over the event bus; {@code GET /healthz};
 * {@code GET /} shows the gateway's settings. Not for the public internet: it trusts the
 * {@code session_id} a body carries, as the reference does.
 */
public class ApiGatewayVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final Config.Ports ports;
  private final Config.Timeouts timeouts;
  private HttpServer server;

  public ApiGatewayVerticle(Config.Ports ports, Config.Timeouts timeouts) {
    this.ports = ports;
    this.timeouts = timeouts;
  }

  @Override
  public Future<?> start() {
    HttpBridge bridge = new HttpBridge(new ServiceClient(vertx, timeouts::forService));
    Router router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle); // probes: neither logged nor traced
    router.route().handler(RequestLog.http(Service.API_GATEWAY.serviceName(), HttpBridge::route));
    router.get("/").handler(this::settings);
    router.route("/api/v1/:service").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/v1/:service").handler(ctx -> bridge.forward(ctx, Map.of()));
    router.route("/api/v1/:service/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/v1/:service/*").handler(ctx -> bridge.forward(ctx, Map.of()));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(ports.apiGateway(), ports.bindHost())
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets the requests in flight finish (they cannot outlast the service timeout). */
  @Override
  public Future<?> stop() {
    return server.shutdown(timeouts.service().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void settings(RoutingContext ctx) {
    ctx.response().putHeader("content-type", ServiceResponse.JSON)
        .end(config().encodePrettily()); // the settings the launcher deployed it with
  }
}
