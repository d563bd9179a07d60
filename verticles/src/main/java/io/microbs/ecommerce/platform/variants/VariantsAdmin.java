package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The variants' admin API, a sub-router for the management server (mounted at {@code /variants*},
 * behind its token check):
 * <ul>
 *   <li>{@code GET /variants}: every variant, whether it is on and where, and each member's view</li>
 *   <li>{@code PUT /variants/<name>} with an optional JSON object of parameters: on (or new parameters)</li>
 *   <li>{@code DELETE /variants/<name>}, {@code DELETE /variants}: off, one or all</li>
 *   <li>{@code GET /variants/history}: the timeline of switches</li>
 *   <li>{@code GET|PUT|DELETE /variants/schedule}: the seeded scheduler</li>
 * </ul>
 * An unknown variant is a 404 and a bad parameter a 400 that names it.
 */
public final class VariantsAdmin {
  private static final int MAX_BODY_BYTES = 4_096;

  private VariantsAdmin() {
  }

  public static Router router(Vertx vertx) {
    Switchboard switchboard = Switchboard.of(vertx);
    Router router = Router.router(vertx);
    // bodies only where they are read: a body handler on every method tries to decode a form on a GET (a 500)
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.get("/").handler(ctx -> answer(ctx, switchboard.describe()));
    router.delete("/").handler(ctx -> answer(ctx, switchboard.switchAllOff().compose(off -> switchboard.describe())));
    router.get("/history").handler(ctx -> answer(ctx, switchboard.history().map(history -> new JsonObject().put("history", history))));
    router.get("/schedule").handler(ctx -> answer(ctx, Future.succeededFuture(switchboard.scheduler().status())));
    router.put("/schedule").handler(bodies).handler(ctx -> withBody(ctx, body -> switchboard.scheduler().start(Schedule.from(body))));
    router.delete("/schedule").handler(ctx -> answer(ctx, switchboard.scheduler().stopEverywhere()
        .map(stopped -> switchboard.scheduler().status())));
    router.put("/:name").handler(bodies).handler(ctx -> withBody(ctx, body -> switchboard.switchOn(ctx.pathParam("name"), body, null)
        .map(on -> new JsonObject().put("name", on.name()).put("on", true).mergeIn(on.toJson()))));
    router.delete("/:name").handler(ctx -> answer(ctx, switchboard.switchOff(ctx.pathParam("name"), null)
        .map(off -> new JsonObject().put("name", ctx.pathParam("name")).put("on", false))));
    return router;
  }

  private static void withBody(RoutingContext ctx, Function<JsonObject, Future<JsonObject>> action) {
    Object body;
    try {
      body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      reply(ctx, 400, failure("the body must be a JSON object"));
      return;
    }
    Future<JsonObject> result;
    try {
      result = action.apply(body == null ? new JsonObject() : (JsonObject) body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    answer(ctx, result);
  }

  private static void answer(RoutingContext ctx, Future<?> result) {
    result.onSuccess(body -> reply(ctx, 200, body == null ? new JsonObject() : (JsonObject) body))
        .onFailure(failure -> {
          if (failure instanceof NoSuchElementException) {
            reply(ctx, 404, failure(failure.getMessage() + "; the variants are: " + Variant.allNames()));
          } else if (failure instanceof IllegalArgumentException) {
            reply(ctx, 400, failure(failure.getMessage()));
          } else {
            reply(ctx, 503, failure("the cluster's variants could not be read or changed: " + failure.getMessage()));
          }
        });
  }

  private static JsonObject failure(String error) {
    return new JsonObject().put("message", "failure").put("error", error);
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
    }
  }
}
