package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.observability.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches variants on and off, cluster-wide. The cluster holds the truth ({@link ClusterState});
 * a switch made on any member is announced on the event bus, and every member reloads the cluster's
 * state into its {@link Snapshot} within moments, leaving the change's {@link AnswerKey}. It also
 * runs the faults that belong to no service: those of the JVM ({@link CpuBurn}, {@link MemoryLeak}),
 * of the services' front doors ({@link FrontDoorFaults}) and of the calls to payment
 * ({@link PaymentUnreachable}); and the seeded {@link Scheduler}.
 */
public final class Switchboard extends VerticleBase implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  /** The answer key's own logger, which logback.xml keeps at info whatever LOG_LEVEL says: the key is read at every level. */
  private static final String LOCAL_MAP = "ecommerce.variants";
  private static final String CHANGED = "ecommerce.variants.changed";
  /** A member rereads the map this often, in case an announcement was lost, and says it is still there. */
  private static final long RESYNC_MILLIS = 5_000;
  private static final long MEMBER_TTL_MILLIS = 3 * RESYNC_MILLIS;
  /** What code run without a shop (a bare verticle in a test) sees: nothing is ever on. */
  private static final Switchboard NONE = new Switchboard(null, "none", Snapshot.NONE, List.of(), null, null);

  private final String member;
  private final Snapshot snapshot;
  private final List<Variant> atStart;
  private final ClusterState cluster;
  private final AnswerKey answerKey;
  private Future<Void> reloading = Future.succeededFuture();
  private long resync;
  private CpuBurn cpuBurn;
  private MemoryLeak memoryLeak;
  private FrontDoorFaults frontDoorFaults;
  private PaymentUnreachable paymentUnreachable;
  private Scheduler scheduler;

  private Switchboard(Vertx owner, String member, Snapshot snapshot, List<Variant> atStart, Telemetry telemetry,
      MeterRegistry metrics) {
    this.member = member;
    this.snapshot = snapshot;
    this.atStart = List.copyOf(atStart);
    this.cluster = new ClusterState(owner);
    this.answerKey = new AnswerKey(member, telemetry, metrics, snapshot, cluster);
  }

  /**
   * Deploys the switchboard of this JVM, which runs {@code services} and is known as {@code member}:
   * it reads what the cluster has on, then switches on {@code atStart} ({@code VARIANT}) where the
   * cluster has them off.
   */
  public static Future<Switchboard> deploy(Vertx vertx, String member, Set<Service> services, List<Variant> atStart,
      Telemetry telemetry, MeterRegistry metrics) {
    Switchboard switchboard = new Switchboard(vertx, member, new Snapshot(vertx, services), atStart, telemetry, metrics);
    vertx.sharedData().getLocalMap(LOCAL_MAP).put(LOCAL_MAP, switchboard);
    return vertx.deployVerticle(switchboard).map(switchboard);
  }

  /** This JVM's switchboard; one on which nothing is ever on when none was deployed. */
  public static Switchboard of(Vertx vertx) {
    Object deployed = vertx.sharedData().getLocalMap(LOCAL_MAP).get(LOCAL_MAP);
    return deployed == null ? NONE : (Switchboard) deployed;
  }

  @Override
  public Future<?> start() {
    answerKey.registerGauges();
    cpuBurn = new CpuBurn(vertx, snapshot);
    memoryLeak = new MemoryLeak(vertx, snapshot);
    frontDoorFaults = new FrontDoorFaults(vertx, snapshot);
    paymentUnreachable = new PaymentUnreachable(vertx, snapshot);
    scheduler = new Scheduler(vertx, this);
    snapshot.onChange(cpuBurn::apply);
    snapshot.onChange(memoryLeak::apply);
    MessageConsumer<Object> announcements = vertx.eventBus().consumer(CHANGED, message -> reload());
    resync = vertx.setPeriodic(RESYNC_MILLIS, timer -> reload());
    return announcements.completion()
        .compose(registered -> scheduler.listen())
        .compose(registered -> reload())
        .compose(loaded -> switchOnAtStart());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(resync);
    cpuBurn.stop();
    memoryLeak.stop();
    frontDoorFaults.stop();
    paymentUnreachable.stop();
    scheduler.stop();
    vertx.sharedData().getLocalMap(LOCAL_MAP).remove(LOCAL_MAP);
    return cluster.withdrawView(member).recover(away -> Future.succeededFuture());
  }

  /** What this JVM has applied: the variants its services and hooks read. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * Switches {@code name} on cluster-wide with {@code requested} parameters (defaults for the rest),
   * or changes the parameters of one that is on. {@link NoSuchElementException} for an unknown name,
   * {@link IllegalArgumentException} naming a bad parameter.
   */
  public Future<ActiveVariant> switchOn(String name, JsonObject requested, Long seed) {
    Variant variant = Variant.named(name).orElseThrow(() -> new NoSuchElementException("no variant " + name));
    ActiveVariant on = new ActiveVariant(variant, variant.parameters(requested), Instant.now(), member, seed);
    return cluster.put(on)
        .compose(put -> answerKey.recordInHistory(on, "on"))
        .compose(recorded -> announce())
        .map(on);
  }

  /** Switches {@code name} off cluster-wide; nothing happens when it is off. */
  public Future<Void> switchOff(String name, Long seed) {
    if (Variant.named(name).isEmpty()) {
      return Future.failedFuture(new NoSuchElementException("no variant " + name));
    }
    return cluster.remove(name).compose(removed -> removed
        .map(was -> answerKey.recordInHistory(new ActiveVariant(was.variant(), was.params(), Instant.now(), member, seed), "off")
            .compose(recorded -> announce()))
        .orElse(Future.succeededFuture()));
  }

  /** Switches every variant off. */
  public Future<Void> switchAllOff() {
    return cluster.names()
        .compose(names -> Future.all(names.stream().map(name -> switchOff(name, null)).toList()))
        .mapEmpty();
  }

  /** The seeded scheduler of this cluster, wherever it runs. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The timeline of every switch, oldest first: time, member, variant, state, parameters, seed. */
  public Future<JsonArray> history() {
    return cluster.history();
  }

  /**
   * Every variant, whether it is on (since when, with which parameters, switched by whom), and each
   * member's view: what its snapshot holds.
   */
  public Future<JsonObject> describe() {
    return cluster.describe();
  }

  /** This JVM's name in the timeline and the members' views. */
  public String member() {
    return member;
  }

  private Future<Void> switchOnAtStart() {
    Future<Void> chain = Future.succeededFuture();
    for (Variant variant : atStart) {
      ActiveVariant on = new ActiveVariant(variant, variant.parameters(new JsonObject()), Instant.now(), member, null);
      chain = chain.compose(previous -> cluster.putIfAbsent(on))
          .compose(landed -> landed ? answerKey.recordInHistory(on, "on") : Future.succeededFuture());
    }
    return atStart.isEmpty() ? chain : chain.compose(done -> announce());
  }

  /** Applies the change here, then tells the other members, so a switch is in force here when its call answers. */
  private Future<Void> announce() {
    return reload().onSuccess(applied -> vertx.eventBus().publish(CHANGED, member));
  }

  /**
   * Reads the cluster's state into this JVM's snapshot; one read at a time, so an older one never wins.
   * The admin API's context and this verticle's both call it, hence the lock around the chaining.
   */
  private synchronized Future<Void> reload() {
    Future<Void> next = reloading.transform(previous -> cluster.variantsOn()
        .map(loaded -> {
          snapshot.replace(loaded).forEach(answerKey::applied);
          // in the reload itself, not as listeners: a switch acts on the requests from the moment its call answers
          frontDoorFaults.apply();
          paymentUnreachable.apply();
          return null;
        })
        .compose(applied -> cluster.publishView(member, snapshot, MEMBER_TTL_MILLIS))
        .recover(failure -> {
          LOG.warn("could not read the variants from the cluster: " + failure.getMessage());
          return Future.succeededFuture();
        }));
    reloading = next;
    return next;
  }
}
