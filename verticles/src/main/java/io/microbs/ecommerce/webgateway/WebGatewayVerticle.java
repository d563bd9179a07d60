package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.data.RedisAddress;
import io.microbs.ecommerce.platform.data.RedisData;
import io.microbs.ecommerce.platform.http.Healthz;
import io.microbs.ecommerce.platform.http.HttpBridge;
import io.microbs.ecommerce.platform.http.HttpErrors;
import io.microbs.ecommerce.platform.observability.RequestLog;
import io.microbs.ecommerce.platform.runtime.Config;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The public face of the shop: serves the storefront from {@code webroot/}, owns the sessions, and
 * brokers the storefront's {@code /api/v1/<service>/<path>} calls to the services over the event bus
 * with the session taken from the signed cookie, never from the request body.
 *
 * <p>Routes as the reference orders them: {@code /healthz}; {@code /api/v1/…} to the services; a path
 * with an extension is a static file (404 when missing, no session); any other path is the
 * single-page app's {@code index.html}, which starts or resumes the session.
 */
public class WebGatewayVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String SESSION = "session";
  private static final String READINESS = "session-data";

  private final Config.Ports ports;
  private final Config.Timeouts timeouts;
  private final RedisAddress sessionDataAddress;
  private final Config.Sessions sessionSettings;
  private final HealthChecks readiness;
  private RedisData sessionData;
  private SessionStore sessions;
  private SessionCookie cookies;
  private HttpServer server;

  public WebGatewayVerticle(Config.Ports ports, Config.Timeouts timeouts, RedisAddress sessionData,
      Config.Sessions sessions, HealthChecks readiness) {
    this.ports = ports;
    this.timeouts = timeouts;
    this.sessionDataAddress = sessionData;
    this.sessionSettings = sessions;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    sessionData = new RedisData(vertx, "session-data", sessionDataAddress);
    sessions = new SessionStore(sessionData, sessionSettings.ttl());
    cookies = new SessionCookie(sessionSettings.secret(), sessionSettings.ttl());
    readiness.register(READINESS + ":" + deploymentID(), 1_000, sessionData::checkReadiness);
    HttpBridge bridge = new HttpBridge(new ServiceClient(vertx, timeouts::forService));

    Router router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle); // probes: neither logged nor traced
    router.route().handler(RequestLog.http(Service.WEB_GATEWAY.serviceName(), HttpBridge::route));
    for (String api : new String[] {"/api/v1/:service", "/api/v1/:service/*"}) {
      router.route(api).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
      router.route(api).handler(this::resumeSession);
      router.route(api).handler(ctx -> bridge.forward(ctx, Map.of(ServiceRequest.SESSION, ctx.get(SESSION))));
    }
    // A regex route strips no prefix: /webjars/react/… is looked up as META-INF/resources/webjars/react/….
    // named as they are measured: templates, not the paths asked for
    router.getWithRegex("/webjars/.+").setName("/webjars/{file}")
        .handler(StaticHandler.create("META-INF/resources").setCachingEnabled(true))
        .handler(ctx -> ctx.fail(404));
    router.getWithRegex(".*/[^/]+\\.[^/]+").setName("/{file}")
        .handler(StaticHandler.create("webroot").setCachingEnabled(true))
        .handler(ctx -> ctx.fail(404));
    router.get("/*").setName("/{page}").handler(this::resumeSession).handler(this::storefront);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(ports.webGateway(), ports.bindHost())
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections, lets the requests in flight finish (within the service timeout), then closes Redis. */
  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS + ":" + deploymentID());
    return server.shutdown(timeouts.service().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(sessionData::close);
  }

  /** Resumes the browser's session (or starts one) and sets the cookie again, which pushes its expiry back. */
  private void resumeSession(RoutingContext ctx) {
    Cookie sent = ctx.request().getCookie(SessionCookie.NAME);
    String sentValue = sent == null ? null : sent.getValue();
    String claimed = cookies.verify(sentValue);
    sessions.resume(claimed).onComplete(resumed -> {
      if (resumed.failed()) {
        ctx.fail(resumed.cause());
        return;
      }
      String sessionId = resumed.result();
      String value = sessionId.equals(claimed) ? sentValue : cookies.sign(sessionId);
      boolean secure = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
      ctx.response().addCookie(cookies.cookie(value, secure));
      ctx.put(SESSION, sessionId);
      ctx.next();
    });
  }

  /** Every route of the single-page app is its index page; the app picks the view from the URL. */
  private void storefront(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .sendFile("webroot/index.html");
  }
}
