package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * What both gateways do with {@code /api/v1/<service>/<path>}: send it to the service over the
 * event bus with its method, path, query, the headers that matter and the body, then write the
 * service's status, headers and body back unchanged. Failures to reach the service become JSON
 * errors (404 unknown service, 503 not running, 504 too slow).
 */
public final class HttpBridge {
  /** The request headers a service may read; cookies and hop-by-hop headers stay at the gateway. */
  private static final List<CharSequence> FORWARDED = List.of(
      HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, HttpHeaders.IF_NONE_MATCH, "idempotency-key");

  private static final String API = "/api/v1/";

  private final ServiceClient client;

  public HttpBridge(ServiceClient client) {
    this.client = client;
  }

  /**
   * Forwards the routed request to the service named by the path parameter {@code service}, at the
   * path the wildcard {@code *} matched, with {@code extraHeaders} (set by the gateway itself) added last.
   */
  public void forward(RoutingContext ctx, Map<String, String> extraHeaders) {
    String name = ctx.pathParam("service");
    Service service = Service.named(name).orElse(null);
    if (service == null || !service.isRoutable()) {
      reply(ctx.response(), ServiceResponse.failure(404, "unknown service '" + name + "'"));
      return;
    }
    String rest = ctx.pathParam("*");
    forward(ctx, service, rest == null || rest.isEmpty() ? "/" : "/" + rest, extraHeaders);
  }

  /**
   * Forwards the routed request to {@code service} at {@code path} (without the {@code /api/v1/<service>}
   * prefix), with {@code extraHeaders} (set by the gateway itself, such as the verified session) added last.
   */
  public void forward(RoutingContext ctx, Service service, String path, Map<String, String> extraHeaders) {
    HttpServerRequest request = ctx.request();
    // the span of this request, named by service (paths hold ids; a name must not)
    Span.current().updateName(request.method().name() + " " + API + service);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (CharSequence header : FORWARDED) {
      String value = request.getHeader(header);
      if (value != null) {
        headers.add(header, value);
      }
    }
    extraHeaders.forEach(headers::set);
    Buffer body = ctx.body().buffer();
    String query = request.query();
    client.request(service, request.method(), path, query, headers, body == null ? Buffer.buffer() : body)
        .onSuccess(response -> reply(ctx.response(), response))
        .onFailure(failure -> reply(ctx.response(), failure instanceof ServiceException e
            ? e.toResponse()
            : ServiceResponse.failure(502, service + " failed")));
  }

  /**
   * The route a gateway measures a request under: for a route by service name (the api gateway's
   * {@code /api/v1/:service/*}), {@code /api/v1/<service>}, or {@code /api/v1/{service}} for a name it
   * does not route; else the name of the route that answered (the web gateway's
   * {@code /api/v1/cart/:productId/:quantity}), {@code unmatched} when none did. Never a path with ids
   * in it, nor a name a client made up.
   */
  public static String route(RoutingContext ctx) {
    String name = ctx.pathParam("service");
    if (name != null) {
      return Service.named(name).filter(Service::isRoutable).map(service -> API + service).orElse(API + "{service}");
    }
    Route answered = ctx.currentRoute();
    return answered == null || answered.getName() == null ? "unmatched" : answered.getName();
  }

  public static void reply(HttpServerResponse response, ServiceResponse answer) {
    if (response.closed() || response.ended()) {
      return;
    }
    response.setStatusCode(answer.status());
    response.headers().addAll(answer.headers());
    response.end(answer.body());
  }
}
