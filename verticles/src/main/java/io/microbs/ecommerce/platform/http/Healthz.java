package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /healthz} as the reference answers it: {@code {"healthy":true}}, the process is alive. */
public final class Healthz {
  public static final String PATH = "/healthz";

  private static final Buffer HEALTHY = Buffer.buffer("{\"healthy\":true}");

  private Healthz() {
  }

  public static void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", ServiceResponse.JSON).end(HEALTHY.slice());
  }
}
