package io.microbs.ecommerce.loadgen.service;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Consumer;

/**
 * The loadgen's admin API, a sub-router for the management server (mount it at {@code /loadgen*},
 * behind the server's check of {@code Authorization: Bearer <ADMIN_TOKEN>}); each call is a command
 * to the loadgen of this JVM over the event bus, so the router works whether or not the loadgen runs
 * here (404 when not).
 * <ul>
 *   <li>{@code GET /loadgen}: status and numbers so far</li>
 *   <li>{@code POST /loadgen/start} with {@code {"users": N}} or {@code {"rate": R}}, optionally {@code "think_time"}</li>
 *   <li>{@code POST /loadgen/stop}</li>
 *   <li>{@code PUT /loadgen} with {@code {"users": N}}, {@code {"rate": R}} and/or {@code {"think_time": S}}: change without a restart</li>
 *   <li>{@code PUT /loadgen/spike}, {@code DELETE /loadgen/spike}: the traffic spike on and off</li>
 * </ul>
 */
public final class LoadgenAdmin {
  private static final long COMMAND_TIMEOUT_MILLIS = 15_000;
  private static final int MAX_BODY_BYTES = 4_096;

  private LoadgenAdmin() {
  }

  public static Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    // bodies only where they are read: a body handler on every method tries to decode a form on a GET (a 500)
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.get("/").handler(ctx -> command(vertx, ctx, "status", new JsonObject()));
    router.put("/").handler(bodies).handler(ctx -> withBody(ctx, body -> command(vertx, ctx, "set", body)));
    router.post("/start").handler(bodies).handler(ctx -> withBody(ctx, body -> command(vertx, ctx, "start", body)));
    router.post("/stop").handler(ctx -> command(vertx, ctx, "stop", new JsonObject()));
    router.put("/spike").handler(ctx -> command(vertx, ctx, "spike", new JsonObject().put("on", true)));
    router.delete("/spike").handler(ctx -> command(vertx, ctx, "spike", new JsonObject().put("on", false)));
    return router;
  }

  private static void withBody(RoutingContext ctx, Consumer<JsonObject> action) {
    JsonObject body;
    try {
      body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      reply(ctx, 400, failure("the body must be a JSON object"));
      return;
    }
    action.accept(body == null ? new JsonObject() : body);
  }

  private static void command(Vertx vertx, RoutingContext ctx, String action, JsonObject body) {
    vertx.eventBus().<JsonObject>request(LoadgenVerticle.ADDRESS, body.copy().put("action", action),
            new DeliveryOptions().setSendTimeout(COMMAND_TIMEOUT_MILLIS).setLocalOnly(true))
        .onSuccess(status -> reply(ctx, 200, status.body()))
        .onFailure(failure -> {
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            reply(ctx, reply.failureCode(), failure(reply.getMessage()));
          } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            reply(ctx, 404, failure("no loadgen runs in this JVM (SERVICES does not include loadgen)"));
          } else {
            reply(ctx, 503, failure("the loadgen did not answer: " + failure.getMessage()));
          }
        });
  }

  private static JsonObject failure(String error) {
    return new JsonObject().put("message", "failure").put("error", error);
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
