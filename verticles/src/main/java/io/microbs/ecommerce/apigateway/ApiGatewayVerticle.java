package io.microbs.ecommerce.apigateway;

import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpBridge;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.http.HttpServers;
import io.microbs.ecommerce.platform.http.JsonBodies;
import io.microbs.ecommerce.platform.http.Ports;
import io.microbs.ecommerce.platform.observability.RequestLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal HTTP gateway, with the reference's routing rules: {@code /api/v1/<service>/<path>}
 * and {@code /api/v1/<service>} reach that service over the event bus; {@code GET /healthz};
 * {@code GET /} shows the gateway's settings. Not for the public internet: it trusts the
 * {@code session_id} a body carries, as the reference does. The {@code bind-localhost} variant moves
 * it to 127.0.0.1 while it is on.
 */
public class ApiGatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayVerticle.class);
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** While the other instances still hold the old address, binding the new one is refused: retried this often, this long. */
  private static final long REBIND_RETRY_MILLIS = 50;
  private static final int REBIND_ATTEMPTS = 100;

  private final Ports ports;
  private final HttpLimits httpLimits;
  private final CallTimeouts timeouts;
  private HttpServer server;
  private Router router;
  private ApiGatewayFaults faults;
  private AutoCloseable watching;
  private String boundHost;
  private Future<?> rebinding = Future.succeededFuture();

  public ApiGatewayVerticle(Ports ports, HttpLimits httpLimits, CallTimeouts timeouts) {
    this.ports = ports;
    this.httpLimits = httpLimits;
    this.timeouts = timeouts;
  }

  @Override
  public Future<?> start() {
    HttpBridge bridge = new HttpBridge(new ServiceClient(vertx, timeouts::forService));
    router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle); // probes: neither logged nor traced
    router.route().handler(RequestLog.http(Service.API_GATEWAY.serviceName(), HttpBridge::route));
    router.get("/").handler(this::settings);
    for (String api : new String[] {"/api/v1/:service", "/api/v1/:service/*"}) {
      JsonBodies.install(router.route(api), MAX_BODY_BYTES);
      router.route(api).handler(ctx -> bridge.forward(ctx, Map.of()));
    }
    faults = new ApiGatewayFaults(vertx);
    boundHost = wantedHost();
    return listen(boundHost, 0).onSuccess(listening -> {
      server = listening;
      watching = faults.onChange(() -> rebinding = rebinding.transform(previous -> rebind()));
    });
  }

  /** Stops accepting connections and lets the requests in flight finish (they cannot outlast the service timeout). */
  @Override
  public Future<?> stop() throws Exception {
    watching.close();
    return rebinding.transform(done -> server.shutdown(timeouts.service().toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The address to listen on: the configured one, unless the fault seam moves it. */
  private String wantedHost() {
    return faults.host(ports.bindHost());
  }

  /** Moves the server to the address wanted now, as a restart with the other SERVICE_BIND_HOST would. */
  private Future<?> rebind() {
    String wanted = wantedHost();
    if (wanted.equals(boundHost)) {
      return Future.succeededFuture();
    }
    LOG.info("api gateway moves from " + boundHost + " to " + wanted + ":" + ports.apiGateway());
    boundHost = wanted;
    return server.close()
        .compose(closed -> listen(wanted, REBIND_ATTEMPTS))
        .onSuccess(listening -> server = listening)
        .onFailure(failure -> LOG.error("api gateway could not listen on " + wanted + ": " + failure.getMessage()));
  }

  private Future<HttpServer> listen(String host, int retries) {
    return HttpServers.create(vertx, Service.API_GATEWAY.serviceName(), httpLimits, new HttpServerOptions())
        .requestHandler(router).listen(ports.apiGateway(), host)
        .recover(failure -> retries == 0 ? Future.failedFuture(failure)
            : vertx.timer(REBIND_RETRY_MILLIS).compose(waited -> listen(host, retries - 1)));
  }

  private void settings(RoutingContext ctx) {
    ctx.response().putHeader("content-type", ServiceResponse.JSON)
        .end(config().encodePrettily()); // the settings the launcher deployed it with
  }
}
