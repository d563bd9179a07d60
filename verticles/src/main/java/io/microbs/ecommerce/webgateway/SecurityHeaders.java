package io.microbs.ecommerce.webgateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.XFrameHandler;

/**
 * The headers that keep the storefront to itself: a Content-Security-Policy that lets a page load
 * scripts, styles, images and API calls from the shop only (the storefront has no inline script or
 * style), no framing by other sites, no sniffing of types, and no referrer beyond the shop.
 */
final class SecurityHeaders {
  private static final String SELF = "'self'";
  private static final String NONE = "'none'";

  private SecurityHeaders() {
  }

  static void install(Route route) {
    route.handler(CSPHandler.create()
            .setDirective("default-src", SELF)
            .setDirective("script-src", SELF)
            .setDirective("style-src", SELF)
            .setDirective("img-src", SELF)
            .setDirective("connect-src", SELF)
            .setDirective("object-src", NONE)
            .setDirective("base-uri", SELF)
            .setDirective("form-action", SELF)
            .setDirective("frame-ancestors", NONE))
        .handler(XFrameHandler.create(XFrameHandler.DENY))
        .handler(ctx -> {
          ctx.response()
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Referrer-Policy", "same-origin");
          ctx.next();
        });
  }
}
