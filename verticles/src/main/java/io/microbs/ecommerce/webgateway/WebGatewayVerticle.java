package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.data.RedisAddress;
import io.microbs.ecommerce.platform.data.RedisData;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The public face of the shop: serves the storefront from {@code webroot/}, owns the sessions, and
 * brokers the storefront's calls ({@link PublicApi}, nothing else) to the services over the event
 * bus with the session taken from the signed cookie, never from the request body. It limits each
 * client's rate and the requests in flight ({@link PublicLimits}), refuses cross-site changes
 * ({@link SameOrigin}), and sends every page with {@link SecurityHeaders}.
 *
 * <p>Routes as the reference orders them: {@code /healthz}; {@code /api/v1/…} to the services; a path
 * with an extension is a static file (404 when missing, no session); any other path is the
 * single-page app's {@code index.html}, which starts or resumes the session. A read of the API never
 * starts a session: without one it is answered as for an empty session, and nothing is stored.
 */
public class WebGatewayVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String SESSION = "session";
  private static final String READINESS = "session-data";
  /** The single-page app's shell, served for every page of the storefront. */
  private static final String APP_SHELL = "webroot/index.html";
  private static final long FORGET_IDLE_CLIENTS_MILLIS = 10_000;

  private final Ports ports;
  private final HttpLimits httpLimits;
  private final CallTimeouts timeouts;
  private final RedisAddress sessionDataAddress;
  private final WebGatewaySettings settings;
  private final HealthChecks readiness;
  private RedisData sessionData;
  private SessionStore sessions;
  private SessionCookie cookies;
  private PublicLimits limits;
  private HttpServer server;
  private Buffer appShell;

  public WebGatewayVerticle(Ports ports, HttpLimits httpLimits, CallTimeouts timeouts, RedisAddress sessionData,
      WebGatewaySettings settings, HealthChecks readiness) {
    this.ports = ports;
    this.httpLimits = httpLimits;
    this.timeouts = timeouts;
    this.sessionDataAddress = sessionData;
    this.settings = settings;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    sessionData = new RedisData(vertx, "session-data", sessionDataAddress);
    sessions = new SessionStore(sessionData, settings.sessions().ttl());
    cookies = new SessionCookie(settings.sessions().secret(), settings.sessions().ttl());
    limits = PublicLimits.of(vertx, settings.clientLimits());
    vertx.setPeriodic(FORGET_IDLE_CLIENTS_MILLIS, timer -> limits.forgetIdleClients());
    readiness.register(READINESS + ":" + deploymentID(), 1_000, sessionData::checkReadiness);
    HttpBridge bridge = new HttpBridge(new ServiceClient(vertx, timeouts::forService));

    Router router = HttpErrors.install(Router.router(vertx));
    router.get(Healthz.PATH).handler(Healthz::handle); // probes: neither logged nor traced nor limited
    router.route().handler(RequestLog.http(Service.WEB_GATEWAY.serviceName(), HttpBridge::route));
    router.route().handler(ctx -> limits.admit(ctx, request -> cookies.verify(sentCookie(request)) == null));
    SecurityHeaders.install(router.route());
    routeTheStorefrontsCalls(router, bridge);
    // A regex route strips no prefix: /webjars/react/… is looked up as META-INF/resources/webjars/react/….
    // named as they are measured: templates, not the paths asked for
    router.getWithRegex("/webjars/.+").setName("/webjars/{file}")
        .handler(StaticHandler.create("META-INF/resources").setCachingEnabled(true))
        .handler(ctx -> ctx.fail(404));
    router.get("/index.html").handler(this::storefront); // the app shell, never cached as immutable
    router.getWithRegex(".*/[^/]+\\.[^/]+").setName("/{file}")
        .handler(StaticHandler.create("webroot").setCachingEnabled(true))
        .handler(ctx -> ctx.fail(404));
    router.get("/*").setName("/{page}").handler(this::sessionForPage).handler(this::storefront);
    return vertx.fileSystem().readFile(APP_SHELL)
        .compose(page -> {
          appShell = page;
          return HttpServers.create(vertx, Service.WEB_GATEWAY.serviceName(), httpLimits, new HttpServerOptions())
              .requestHandler(router)
              .listen(ports.webGateway(), ports.bindHost());
        })
        .onSuccess(listening -> server = listening);
  }

  /**
   * {@code /api}: JSON bodies only; the storefront's calls, each a read or a change (refused from
   * another site) with its session, to their service; a storefront path asked with a method it does
   * not take is answered as its service would, without asking it; anything else is not the public's.
   */
  private void routeTheStorefrontsCalls(Router router, HttpBridge bridge) {
    JsonBodies.install(router.route("/api/*"), MAX_BODY_BYTES);
    SameOrigin sameOrigin = new SameOrigin(limits);
    for (PublicApi api : PublicApi.ROUTES) {
      Route route = router.route(api.method(), api.gatewayPath());
      if (api.method() != HttpMethod.GET) {
        route.handler(sameOrigin);
      }
      switch (api.session()) {
        case REFRESH -> route.handler(ctx -> sessionForRead(ctx, false));
        case READ -> route.handler(ctx -> sessionForRead(ctx, true));
        case CHANGE -> route.handler(this::sessionForChange);
        case NONE -> { }
      }
      if (api.tellsTheLoad()) {
        route.handler(limits::timeTheAnswer);
      }
      if (api.waitsForThePayment()) {
        route.handler(limits::waitsForThePayment);
      }
      route.handler(ctx -> bridge.forward(ctx, api.service(), servicePath(ctx, api), sessionHeader(ctx)));
    }
    for (PublicApi api : PublicApi.byPath()) {
      router.route(api.gatewayPath()).handler(ctx -> HttpBridge.reply(ctx.response(),
          ServiceException.methodNotAllowed(ctx.request().method(), servicePath(ctx, api)).toResponse()));
    }
    router.route("/api/*").handler(ctx -> ctx.fail(404));
  }

  /** Stops accepting connections, lets the requests in flight finish (within the service timeout), then closes Redis. */
  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS + ":" + deploymentID());
    return server.shutdown(timeouts.service().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(sessionData::close);
  }

  /**
   * A read: the cookie's live session, its expiry pushed back. Without one, when the answer depends on whose
   * session it is ({@code keyed}), a session nobody holds, so the answer is an empty session's; the catalogue's
   * answers are everyone's and need none (so a search never pays for making up a random id).
   */
  private void sessionForRead(RoutingContext ctx, boolean keyed) {
    liveSession(ctx).onSuccess(live -> {
      if (live != null) {
        useSession(ctx, live);
        return;
      }
      if (keyed) {
        ctx.put(SESSION, sessions.unsaved());
      }
      ctx.next();
    }).onFailure(ctx::fail);
  }

  /** A change: the cookie's live session, or a new one within the client's rate of new sessions (429 beyond it). */
  private void sessionForChange(RoutingContext ctx) {
    liveSession(ctx).onSuccess(live -> {
      long wait = live == null ? limits.newSessionWait(ctx) : 0;
      if (live != null) {
        useSession(ctx, live);
      } else if (wait > 0) {
        limits.refuse(ctx, 429, "sessions_rate_limited", wait, "too many new sessions from this client; retry after " + wait + " s");
      } else {
        startSession(ctx);
      }
    }).onFailure(ctx::fail);
  }

  /** A page: as a change, but beyond the rate of new sessions the page comes without one (its first change asks again). */
  private void sessionForPage(RoutingContext ctx) {
    liveSession(ctx).onSuccess(live -> {
      if (live != null) {
        useSession(ctx, live);
      } else if (limits.newSessionWait(ctx) > 0) {
        ctx.next();
      } else {
        startSession(ctx);
      }
    }).onFailure(ctx::fail);
  }

  /** The cookie's session when we signed it and it is still alive (its expiry now pushed back), else null. */
  private Future<String> liveSession(RoutingContext ctx) {
    String claimed = cookies.verify(sentCookie(ctx));
    return claimed == null ? Future.succeededFuture() : sessions.refresh(claimed).map(alive -> alive ? claimed : null);
  }

  private void startSession(RoutingContext ctx) {
    sessions.create().onSuccess(sessionId -> useSession(ctx, sessionId)).onFailure(ctx::fail);
  }

  /** Continues with {@code sessionId} and sets the cookie again, which pushes its expiry back in the browser. */
  private void useSession(RoutingContext ctx, String sessionId) {
    String sent = sentCookie(ctx);
    String value = sent != null && sent.startsWith(sessionId + ".") ? sent : cookies.sign(sessionId);
    boolean secure = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
    ctx.response().putHeader(HttpHeaders.SET_COOKIE, cookies.header(value, secure));
    ctx.put(SESSION, sessionId);
    ctx.next();
  }

  /** The session the request goes with, for the service; none for a route that takes none. */
  private static Map<String, String> sessionHeader(RoutingContext ctx) {
    String sessionId = ctx.get(SESSION);
    return sessionId == null ? Map.of() : Map.of(ServiceRequest.SESSION, sessionId);
  }

  private static String sentCookie(RoutingContext ctx) {
    Cookie sent = ctx.request().getCookie(SessionCookie.NAME);
    return sent == null ? null : sent.getValue();
  }

  /** The request's path on the service: what follows {@code /api/v1/<service>}, or {@code /}. */
  private static String servicePath(RoutingContext ctx, PublicApi api) {
    String rest = ctx.normalizedPath().substring(api.prefix().length());
    return rest.isEmpty() ? "/" : rest;
  }

  /**
   * Every route of the single-page app is its index page; the app picks the view from the URL. The
   * page is read once, at start: sending the file each time would resolve, open, stat and close it
   * for every page view, for a file that does not change while the shop runs.
   */
  private void storefront(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(appShell);
  }
}
