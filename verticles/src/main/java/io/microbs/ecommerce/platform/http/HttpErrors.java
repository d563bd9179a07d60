package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a router answer its own errors (no route, wrong method, body too large, a bug) in the shop's JSON shape. */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {
  }

  public static Router install(Router router) {
    router.errorHandler(404, ctx -> fail(ctx, 404, "no route " + ctx.request().path()));
    router.errorHandler(405, ctx -> fail(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(413, ctx -> fail(ctx, 413, "request body too large"));
    router.errorHandler(400, ctx -> fail(ctx, 400, "bad request"));
    router.errorHandler(500, ctx -> {
      ServiceException expected = ServiceException.expected(ctx.failure());
      if (expected != null) {
        // an expected failure of a step before the service call, such as session-data being away
        HttpBridge.reply(ctx.response(), expected.toResponse());
        return;
      }
      LOG.error(ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
      fail(ctx, 500, "internal error");
    });
    return router;
  }

  /** Answers {@code request} with an error and closes its connection: what else it sends is not worth reading. */
  static void refuseAndClose(HttpServerRequest request, int status, String error) {
    ServiceResponse answer = ServiceResponse.failure(status, error);
    request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(answer.body())
        .eventually(() -> request.connection().close());
  }

  private static void fail(RoutingContext ctx, int status, String error) {
    HttpBridge.reply(ctx.response(), ServiceResponse.failure(status, error));
  }
}
