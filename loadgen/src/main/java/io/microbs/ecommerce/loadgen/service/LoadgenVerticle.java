package io.microbs.ecommerce.loadgen.service;

import io.microbs.ecommerce.loadgen.engine.LoadPlan;
import io.microbs.ecommerce.loadgen.engine.LoadRun;
import io.microbs.ecommerce.loadgen.engine.Readiness;
import io.microbs.ecommerce.loadgen.engine.Report;
import io.microbs.ecommerce.loadgen.engine.Stats;
import io.microbs.ecommerce.loadgen.engine.Target;
import io.microbs.ecommerce.loadgen.flow.Flows;
import io.microbs.ecommerce.loadgen.report.JsonReport;
import io.microbs.ecommerce.loadgen.report.SummaryTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetics as a service of the shop ({@code SERVICES=loadgen}): virtual users shopping at the
 * web gateway for as long as the JVM runs, as the reference's k6 deployment does. It waits until the
 * gateway is ready, then runs the closed model; its commands arrive on the local event-bus address
 * {@link #ADDRESS} (the admin API of {@link LoadgenAdmin} sends them): status, start, stop, change
 * users, rate or think time without a restart, and the traffic spike.
 */
public class LoadgenVerticle extends VerticleBase {
  /** Where this JVM's loadgen takes its commands ({@code {"action": "status"}}, …); local to the JVM. */
  public static final String ADDRESS = "ecommerce.loadgen";
  /** The reference's traffic-spike variant: 6 replicas × 150 virtual users. */
  public static final int TRAFFIC_SPIKE_USERS = 900;

  private static final Logger LOG = LoggerFactory.getLogger(LoadgenVerticle.class);
  private static final int CONNECTIONS = 1024;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** An hour of per-second samples; the loadgen may run for weeks. */
  private static final int TIMELINE_LIMIT = 3_600;
  private static final int LOG_EVERY_SECONDS = 30;

  private enum State { WAITING, RUNNING, STOPPED }

  private final Target target;
  private final int users;
  private final double thinkTime;
  private WebClient client;
  private Readiness readiness;
  private LoadRun run;
  private State state = State.STOPPED;
  /** The plan and think time to run (waiting) or being run. */
  private LoadPlan plan;
  private double currentThinkTime;
  /** The plan the spike interrupted; null while there is no spike. */
  private LoadPlan beforeSpike;
  private Stats.Sample lastSecond;
  private long samples;
  private Report lastReport;

  /**
   * @param webGatewayUrl the storefront, e.g. {@code http://web-gateway:8080}
   * @param users         virtual users to start with ({@code NUM_VIRTUAL_USERS}); 0 waits for a start command
   * @param thinkTime     the scale of the pauses between steps: 1 is the reference's uniform 1–3 s
   */
  public LoadgenVerticle(String webGatewayUrl, int users, double thinkTime) {
    this.target = Target.parse(webGatewayUrl);
    if (users < 0 || thinkTime < 0) {
      throw new IllegalArgumentException("users and think time must be 0 or more, got " + users + " and " + thinkTime);
    }
    this.users = users;
    this.thinkTime = thinkTime;
  }

  @Override
  public Future<?> start() {
    client = target.client(vertx, CONNECTIONS);
    MessageConsumer<JsonObject> commands = vertx.eventBus().localConsumer(ADDRESS, this::command);
    if (users > 0) {
      startWhenReady(LoadPlan.constant(LoadPlan.Model.CLOSED, users, null), thinkTime);
    }
    return commands.completion();
  }

  @Override
  public Future<?> stop() {
    if (readiness != null) {
      readiness.cancel();
    }
    // The client closes with the verticle; in-flight requests are waited for, so their numbers are complete.
    return run == null ? Future.succeededFuture() : run.stop();
  }

  private void command(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    try {
      switch (String.valueOf(body.getValue("action"))) {
        case "status" -> message.reply(status());
        case "start" -> start(message, body);
        case "stop" -> stopRun().onComplete(stopped -> message.reply(status()));
        case "set" -> set(message, body);
        case "spike" -> spike(message, body.getBoolean("on", true), body.getInteger("users", TRAFFIC_SPIKE_USERS));
        default -> message.fail(400, "unknown action " + body.getValue("action"));
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      message.fail(400, e.getMessage());
    }
  }

  private void start(Message<JsonObject> message, JsonObject body) {
    if (state != State.STOPPED) {
      message.fail(409, "the loadgen is already " + state.name().toLowerCase() + "; stop it first, or change it with PUT");
      return;
    }
    LoadRequest request = LoadRequest.from(body);
    startWhenReady(request.planOr(LoadPlan.constant(LoadPlan.Model.CLOSED, Math.max(users, 1), null)),
        request.thinkTimeOr(thinkTime));
    message.reply(status());
  }

  /** Changes users, rate or think time of the load being run (or waited for), keeping its numbers when the model stays. */
  private void set(Message<JsonObject> message, JsonObject body) {
    if (state == State.STOPPED) {
      message.fail(409, "the loadgen is stopped; start it with the load you want");
      return;
    }
    LoadRequest request = LoadRequest.from(body);
    beforeSpike = null;
    apply(request.planOr(plan), request.thinkTimeOr(currentThinkTime)).onComplete(applied -> message.reply(status()));
  }

  /**
   * The traffic-spike variant as one switch: on, {@code users} ({@value #TRAFFIC_SPIKE_USERS} unless
   * said) users; off, the load from before.
   */
  private void spike(Message<JsonObject> message, boolean on, int users) {
    if (state == State.STOPPED) {
      message.fail(409, "the loadgen is stopped; start it first");
      return;
    }
    if (users < 1 || users > 10_000) {
      throw new IllegalArgumentException("users must be a whole number from 1 to 10000, got " + users);
    }
    Future<?> applied = Future.succeededFuture();
    if (on) {
      beforeSpike = beforeSpike == null ? plan : beforeSpike;
      applied = apply(LoadPlan.constant(LoadPlan.Model.CLOSED, users, null), currentThinkTime);
    } else if (!on && beforeSpike != null) {
      LoadPlan restored = beforeSpike;
      beforeSpike = null;
      applied = apply(restored, currentThinkTime);
    }
    LOG.info("traffic spike " + (on ? "on" : "off") + ": " + plan.describe());
    applied.onComplete(done -> message.reply(status()));
  }

  private Future<?> apply(LoadPlan requested, double requestedThinkTime) {
    currentThinkTime = requestedThinkTime;
    if (state == State.WAITING) {
      plan = requested;
      return Future.succeededFuture();
    }
    run.thinkTime(requestedThinkTime);
    if (requested.model() == run.plan().model()) {
      plan = requested;
      run.retarget(requested);
      return Future.succeededFuture();
    }
    // Users and rates do not convert into each other: a new model is a new run.
    LoadPlan spikeMemory = beforeSpike;
    return stopRun().onComplete(stopped -> {
      beforeSpike = spikeMemory;
      startWhenReady(requested, requestedThinkTime);
    });
  }

  private void startWhenReady(LoadPlan requested, double requestedThinkTime) {
    plan = requested;
    currentThinkTime = requestedThinkTime;
    state = State.WAITING;
    readiness = new Readiness(vertx, client, target);
    readiness.await(null, reason -> LOG.info("waiting for the web gateway at " + target.url() + " to be ready: " + reason))
        .onSuccess(ready -> {
          readiness = null;
          state = State.RUNNING;
          LOG.info("loadgen starts: shopper flow against " + target.url() + ", " + plan.describe() + ", think time ×" + LoadPlan.number(currentThinkTime));
          run = new LoadRun(vertx, client,
              new LoadRun.Settings(target, Flows.shopper(), plan, currentThinkTime, REQUEST_TIMEOUT, TIMELINE_LIMIT),
              this::everySecond);
          run.start();
        });
  }

  private Future<?> stopRun() {
    beforeSpike = null;
    if (state == State.WAITING) {
      readiness.cancel();
      readiness = null;
      state = State.STOPPED;
      return Future.succeededFuture();
    }
    if (state == State.STOPPED) {
      return Future.succeededFuture();
    }
    return run.stop().onSuccess(report -> {
      lastReport = report;
      run = null;
      state = State.STOPPED;
      LOG.info("loadgen stopped after " + report.iterations() + " iterations, " + report.requests() + " requests, "
          + report.errors() + " errors");
    });
  }

  private void everySecond(Stats.Sample sample) {
    lastSecond = sample;
    if (++samples % LOG_EVERY_SECONDS == 0) {
      Report totals = run.snapshot();
      LOG.info("loadgen " + SummaryTable.progress(sample, run.plan().model(), totals.iterations(), totals.errors(),
          totals.refused()));
    }
  }

  private JsonObject status() {
    JsonObject status = new JsonObject()
        .put("state", state.name().toLowerCase())
        .put("url", target.url())
        .put("traffic_spike", beforeSpike != null);
    if (plan != null && state != State.STOPPED) {
      status.put("model", plan.model().name().toLowerCase()).put("plan", plan.describe()).put("think_time", currentThinkTime);
      if (plan.model() == LoadPlan.Model.CLOSED) {
        status.put("users", (int) plan.target(0));
      } else {
        status.put("rate", plan.target(0));
      }
    }
    if (run != null) {
      status.put("active", run.active()).put("report", JsonReport.of(run.snapshot()));
    } else if (lastReport != null) {
      status.put("report", JsonReport.of(lastReport));
    }
    if (lastSecond != null && state == State.RUNNING) {
      status.put("last_second", new JsonObject().put("requests_per_second", lastSecond.requestsPerSecond())
          .put("errors", lastSecond.errors()).put("p50_ms", lastSecond.p50()).put("p99_ms", lastSecond.p99()));
    }
    return status;
  }
}
