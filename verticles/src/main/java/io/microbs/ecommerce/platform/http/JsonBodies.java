package io.microbs.ecommerce.platform.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.regex.Pattern;

/**
 * The bodies {@code /api} takes on both gateways: JSON ({@code application/json} or a {@code +json}
 * type) of at most a size, read whole before the call. Anything else is refused before a byte of it
 * is read: too large with 413, another type (a form, multipart, text, none at all) with 415, so
 * Vert.x never tries to decode a form where a method cannot carry one. (A policy, to Vert.x Web: it
 * runs before the body handler.)
 */
public final class JsonBodies implements SecurityPolicyHandler {
  private static final Pattern JSON = Pattern.compile("application/([a-z0-9.+-]+\\+)?json\\s*(;.*)?", Pattern.CASE_INSENSITIVE);

  private final int maxBytes;

  private JsonBodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds the check and the body handler to {@code route}. */
  public static void install(Route route, int maxBytes) {
    route.handler(new JsonBodies(maxBytes)).handler(BodyHandler.create(false).setBodyLimit(maxBytes));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean hasBody = request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.equals("0");
    if (!hasBody) {
      ctx.next();
    } else if (length != null && Long.parseLong(length) > maxBytes) { // a number: the decoder refuses any other
      HttpErrors.refuseAndClose(request, 413, "request body too large");
    } else if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      HttpErrors.refuseAndClose(request, 415, "a request body must be JSON, sent as Content-Type: application/json");
    } else {
      ctx.next();
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null && JSON.matcher(contentType.trim()).matches();
  }
}
