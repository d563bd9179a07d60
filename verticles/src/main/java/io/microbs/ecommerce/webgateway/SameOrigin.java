package io.microbs.ecommerce.webgateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Refuses (403) a change that comes from a page of another site, as the browser says it: by
 * {@code Sec-Fetch-Site} (anything but {@code same-origin}, or {@code none} for what the user typed)
 * or by an {@code Origin} whose host is not the one the request was sent to. Requests with neither
 * header (curl, scripts) pass: a page on another site cannot send one without the browser adding them.
 * This comes on top of the session cookie's {@code SameSite=Lax}.
 */
final class SameOrigin implements SecurityPolicyHandler {
  private static final String FETCH_SITE = "sec-fetch-site";

  private final PublicLimits limits;

  SameOrigin(PublicLimits limits) {
    this.limits = limits;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (isCrossSite(ctx.request())) {
      limits.refuse(ctx, 403, "cross_site", 0, "a page of another site may not change anything here");
    } else {
      ctx.next();
    }
  }

  private static boolean isCrossSite(HttpServerRequest request) {
    String site = request.getHeader(FETCH_SITE);
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    return origin != null && !isHost(origin, request.getHeader(HttpHeaders.HOST));
  }

  /** Whether {@code origin} ({@code scheme://host[:port]}, or {@code null} from a sandbox) names {@code host} ({@code host[:port]}). */
  private static boolean isHost(String origin, String host) {
    int authority = origin.indexOf("://");
    return host != null && authority > 0 && origin.substring(authority + 3).equalsIgnoreCase(host);
  }
}
