package io.microbs.ecommerce.loadgen.engine;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of load against the shop: the plan drives virtual users (closed model) or arrivals (open
 * model), each iteration is a {@link Visit} following the flow, and {@link Stats} records it all.
 * A run lives on one Vert.x context: create it, and call every method, from that context.
 */
public final class LoadRun {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
  /** How often the number of users follows a ramp. */
  private static final long CONTROL_MILLIS = 100;
  /** When the rate is 0, how often to look whether it has changed. */
  private static final long IDLE_ARRIVAL_MILLIS = 100;

  /**
   * @param thinkTime      the scale of the pauses between steps (1: uniform 1–3 s; 0: none)
   * @param timelineLimit  per-second samples kept for the report
   */
  public record Settings(Target target, Flow flow, LoadPlan plan, double thinkTime, Duration requestTimeout, int timelineLimit) {
  }

  private final Vertx vertx;
  private final WebClient client;
  private final Target target;
  private final Flow flow;
  private final Duration requestTimeout;
  /** Replaced at the end of a warm-up; a visit records into the one it started with. */
  private Stats stats;
  private final int timelineLimit;
  private final Consumer<Stats.Sample> onSample;
  private final Set<Visit> visits = new LinkedHashSet<>();
  private final Promise<Report> finished = Promise.promise();
  private LoadPlan plan;
  private double thinkTime;
  private Instant startedAt;
  private long runStart;
  private long planStart;
  private long intervalStart;
  private long controlTimer = -1;
  private long arrivalTimer = -1;
  private long sampleTimer = -1;
  private long nextArrival;
  /** Closed model: user loops running, and how many of them were told to leave and have not yet. */
  private int users;
  private int leaving;
  private boolean stopping;
  private boolean unexpectedFailureLogged;

  /** @param onSample called on the run's context with each second's numbers */
  public LoadRun(Vertx vertx, WebClient client, Settings settings, Consumer<Stats.Sample> onSample) {
    this.vertx = vertx;
    this.client = client;
    this.target = settings.target();
    this.flow = settings.flow();
    this.plan = settings.plan();
    this.thinkTime = settings.thinkTime();
    this.requestTimeout = settings.requestTimeout();
    this.timelineLimit = settings.timelineLimit();
    this.stats = new Stats(flow.steps(), timelineLimit);
    this.onSample = onSample;
  }

  /** Starts the load; the future completes with the final report once the plan has ended or {@link #stop} was called. */
  public Future<Report> start() {
    startedAt = Instant.now();
    runStart = System.nanoTime();
    planStart = runStart;
    intervalStart = runStart;
    nextArrival = runStart;
    sampleTimer = vertx.setPeriodic(1_000, id -> sample());
    if (plan.model() == LoadPlan.Model.CLOSED) {
      controlTimer = vertx.setPeriodic(CONTROL_MILLIS, id -> followPlan());
      followPlan();
    } else {
      arrive();
    }
    return finished.future();
  }

  /**
   * Follows a new plan from now on, keeping the statistics: more or fewer users, another rate. The
   * model cannot change within a run (users and rates do not convert into each other).
   */
  public void retarget(LoadPlan newPlan) {
    if (newPlan.model() != plan.model()) {
      throw new IllegalArgumentException("a " + plan.model() + " run cannot follow a " + newPlan.model() + " plan");
    }
    plan = newPlan;
    planStart = System.nanoTime();
    if (plan.model() == LoadPlan.Model.CLOSED) {
      followPlan();
    } else {
      vertx.cancelTimer(arrivalTimer);
      nextArrival = planStart;
      arrive();
    }
  }

  /**
   * Forgets what was measured so far and follows {@code newPlan} from now, as if the run started
   * now: the end of a warm-up. Visits in progress go on, so the shop sees no pause, but they count
   * in the old numbers: only visits started from now on are measured.
   */
  public void restartMeasurement(LoadPlan newPlan) {
    stats = new Stats(flow.steps(), timelineLimit);
    startedAt = Instant.now();
    runStart = System.nanoTime();
    intervalStart = runStart;
    vertx.cancelTimer(sampleTimer);
    sampleTimer = vertx.setPeriodic(1_000, id -> sample());
    retarget(newPlan);
  }

  public void thinkTime(double scale) {
    thinkTime = scale;
  }

  /** Stops starting visits, ends those in progress at their next step, and completes with the report once the last request is back. */
  public Future<Report> stop() {
    if (!stopping) {
      stopping = true;
      vertx.cancelTimer(controlTimer);
      vertx.cancelTimer(arrivalTimer);
      List.copyOf(visits).forEach(Visit::leave);
      finishWhenDrained();
    }
    return finished.future();
  }

  public LoadPlan plan() {
    return plan;
  }

  public boolean stopping() {
    return stopping;
  }

  /** Users running (closed model) or visits in progress (open model). */
  public int active() {
    return plan.model() == LoadPlan.Model.CLOSED ? users - leaving : visits.size();
  }

  /** The numbers so far, without the timeline. */
  public Report snapshot() {
    return Report.of(target.url(), flow.name(), plan, startedAt, (System.nanoTime() - runStart) / 1e9, stats, false);
  }

  private void followPlan() {
    long now = System.nanoTime();
    if (plan.finished(now - planStart)) {
      stop();
      return;
    }
    int desired = (int) Math.round(plan.target(now - planStart));
    int running = users - leaving;
    for (; running < desired; running++) {
      users++;
      startVisit(now);
    }
    if (running > desired) {
      retire(running - desired);
    }
  }

  /** Tells the longest-running users to leave: each finishes the request it is waiting for, then goes. */
  private void retire(int count) {
    List<Visit> leavers = new ArrayList<>(count);
    for (Visit visit : visits) {
      if (leavers.size() == count) {
        break;
      }
      if (!visit.hasLeft()) {
        leavers.add(visit);
      }
    }
    leaving += leavers.size();
    leavers.forEach(Visit::leave);
  }

  /** Open model: starts every visit whose time has come, each timed from its own scheduled start, then waits for the next. */
  private void arrive() {
    long now = System.nanoTime();
    if (plan.finished(now - planStart)) {
      stop();
      return;
    }
    while (nextArrival <= now) {
      double rate = plan.target(nextArrival - planStart);
      if (rate <= 0) {
        nextArrival = now + IDLE_ARRIVAL_MILLIS * 1_000_000;
        break;
      }
      startVisit(nextArrival);
      nextArrival += (long) (1e9 / rate);
    }
    long delayMillis = Math.max(1, (nextArrival - System.nanoTime() + 999_999) / 1_000_000);
    arrivalTimer = vertx.setTimer(delayMillis, id -> arrive());
  }

  private void startVisit(long intendedStart) {
    Visit visit = new Visit(vertx, client, flow.browses(), target, stats, intendedStart, requestTimeout.toMillis(), thinkTime);
    visits.add(visit);
    Future<Void> visited = flow.visit(visit);
    if (plan.model() == LoadPlan.Model.CLOSED) {
      // the same user comes back, after a while when the visit did not complete
      visited = visited.recover(failure -> visit.backOff(failure).transform(waited -> Future.failedFuture(failure)));
    }
    visited.onComplete(result -> visitEnded(visit, result));
  }

  private void visitEnded(Visit visit, AsyncResult<Void> result) {
    visits.remove(visit);
    if (result.succeeded()) {
      visit.stats().iteration((System.nanoTime() - visit.intendedStart()) / 1_000, Stats.Outcome.COMPLETED);
    } else if (result.cause() == Visit.REFUSED) {
      visit.stats().iteration(0, Stats.Outcome.REFUSED);
    } else if (result.cause() != Visit.LEFT) {
      visit.stats().iteration(0, Stats.Outcome.FAILED);
      if (result.cause() != Visit.STEP_FAILED && !unexpectedFailureLogged) {
        unexpectedFailureLogged = true;
        LOG.warn("a visit failed outside its steps (counted as a failed iteration; logged once)", result.cause());
      }
    }
    if (stopping) {
      finishWhenDrained();
    } else if (plan.model() == LoadPlan.Model.CLOSED) {
      if (visit.hasLeft()) {
        users--;
        leaving--;
      } else {
        startVisit(System.nanoTime());
      }
    }
  }

  private void sample() {
    long now = System.nanoTime();
    Stats.Sample sample = stats.closeInterval((now - runStart) / 1e9, (now - intervalStart) / 1e9,
        plan.target(now - planStart), active());
    intervalStart = now;
    onSample.accept(sample);
  }

  private void finishWhenDrained() {
    if (!visits.isEmpty() || finished.future().isComplete()) {
      return;
    }
    vertx.cancelTimer(sampleTimer);
    long now = System.nanoTime();
    if (stats.pendingInInterval()) {
      sample();  // the last, shorter interval, so the timeline adds up to the totals
    }
    finished.complete(Report.of(target.url(), flow.name(), plan, startedAt, (now - runStart) / 1e9, stats, true));
  }
}
