package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Schedule} from the member that was given it. One schedule runs in the cluster at a
 * time: starting one, or stopping it from any member, stops the one running (its variant goes off).
 * Its timers fire on the context that started it while the admin API and the event bus call in from
 * others, hence the locks.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final String STOP = "ecommerce.variants.schedule.stop";

  /** Tells this scheduler's own stop announcements from the others'. */
  private final String self = UUID.randomUUID().toString();
  private final Vertx vertx;
  private final Switchboard switchboard;
  private Schedule running;
  private Random random;
  private Schedule.Step current;
  private long nextTimer = -1;
  private long offTimer = -1;
  private long startedAt;

  Scheduler(Vertx vertx, Switchboard switchboard) {
    this.vertx = vertx;
    this.switchboard = switchboard;
  }

  Future<Void> listen() {
    MessageConsumer<Object> stops = vertx.eventBus().consumer(STOP, message -> {
      if (!self.equals(message.body())) {
        stop();
      }
    });
    return stops.completion();
  }

  /** Stops whatever schedule runs in the cluster, then runs {@code schedule} here, its first step at once. */
  public Future<JsonObject> start(Schedule schedule) {
    return stopEverywhere().map(stopped -> {
      synchronized (this) {
        running = schedule;
        random = new Random(schedule.seed());
        current = null;
        startedAt = System.nanoTime();
        LOG.info("variant schedule started: " + schedule.toJson().encode());
        step();
        return status();
      }
    });
  }

  /** Stops the schedule wherever it runs; its variant goes off. */
  public Future<Void> stopEverywhere() {
    vertx.eventBus().publish(STOP, self);
    return stop();
  }

  /** What runs here: the schedule, its current step and the next ones. */
  public synchronized JsonObject status() {
    if (running == null) {
      return new JsonObject().put("running", false);
    }
    JsonArray upcoming = new JsonArray();
    running.plan(current == null ? 3 : current.index() + 4).stream()
        .skip(current == null ? 0 : current.index())
        .forEach(step -> upcoming.add(new JsonObject().put("variant", step.variant().variantName())
            .put("at_seconds", step.at().toMillis() / 1_000.0).put("hold_seconds", step.hold().toMillis() / 1_000.0)));
    return new JsonObject().put("running", true).put("member", switchboard.member()).put("schedule", running.toJson())
        .put("steps", upcoming);
  }

  private synchronized void step() {
    Schedule schedule = running;
    Schedule.Step step = schedule.next(current, random);
    current = step;
    switchboard.switchOn(step.variant().variantName(), new JsonObject(), schedule.seed())
        .onFailure(failure -> LOG.warn("the schedule could not switch " + step.variant() + " on: " + failure.getMessage()));
    offTimer = vertx.setTimer(step.hold().toMillis(), timer -> {
      offTimer = -1;
      switchboard.switchOff(step.variant().variantName(), schedule.seed());
    });
    long due = startedAt + schedule.interval().multipliedBy(step.index() + 1L).toNanos() - System.nanoTime();
    nextTimer = vertx.setTimer(Math.max(1, due / 1_000_000), timer -> step());
  }

  synchronized Future<Void> stop() {
    if (running == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(nextTimer);
    Schedule stopped = running;
    Schedule.Step last = current;
    running = null;
    current = null;
    LOG.info("variant schedule stopped: " + stopped.toJson().encode());
    if (offTimer >= 0) {
      vertx.cancelTimer(offTimer);
      offTimer = -1;
      return switchboard.switchOff(last.variant().variantName(), stopped.seed());
    }
    return Future.succeededFuture();
  }
}
