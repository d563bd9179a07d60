package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.observability.Telemetry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Which variants are on. The cluster holds the truth (an async map: Hazelcast's when clustered, this
 * JVM's otherwise), so a member that starts or restarts later reads it at start; a switch made on
 * any member is announced on the event bus, and every member reloads the map into its local snapshot
 * within moments. The services' hot paths read only that snapshot, an immutable map in a volatile
 * field: nothing is allocated or locked while no variant is on.
 *
 * <p>Every change a member applies leaves its answer key there: a logfmt line, a span under the
 * target service's name (when it runs here) and the gauge {@code ecommerce_variant_active}; the
 * member that made the switch also appends it to the cluster's timeline ({@code GET /variants/history}).
 */
public final class Switchboard extends VerticleBase implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  /** The answer key's own logger, which logback.xml keeps at info whatever LOG_LEVEL says: the key is read at every level. */
  private static final Logger ANSWER_KEY = LoggerFactory.getLogger("answer-key");
  private static final String LOCAL_MAP = "ecommerce.variants";
  private static final String ACTIVE = "ecommerce.variants.active";
  private static final String STATE = "ecommerce.variants.state";
  private static final String MEMBERS = "ecommerce.variants.members";
  private static final String CHANGED = "ecommerce.variants.changed";
  private static final String HISTORY = "history";
  private static final int HISTORY_LIMIT = 1_000;
  /** A member rereads the map this often, in case an announcement was lost, and says it is still there. */
  private static final long RESYNC_MILLIS = 5_000;
  private static final long MEMBER_TTL_MILLIS = 3 * RESYNC_MILLIS;
  /** What code run without a shop (a bare verticle in a test) sees: nothing is ever on. */
  private static final Switchboard NONE = new Switchboard(null, "none", Set.of(), List.of(), null, null);

  private final String member;
  private final Set<String> services;
  private final List<String> atStart;
  private final Telemetry telemetry;
  private final MeterRegistry metrics;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> gauges = ConcurrentHashMap.newKeySet();
  private final Vertx owner;
  private volatile Map<String, ActiveVariant> active = Map.of();
  private Future<Void> reloading = Future.succeededFuture();
  private long resync;
  private CpuBurn cpuBurn;
  private MemoryLeak memoryLeak;
  private Scheduler scheduler;

  private record Listener(io.vertx.core.Context context, Runnable handler) {
  }

  private Switchboard(Vertx owner, String member, Set<String> services, List<String> atStart, Telemetry telemetry, MeterRegistry metrics) {
    this.owner = owner;
    this.member = member;
    this.services = Set.copyOf(services);
    this.atStart = List.copyOf(atStart);
    this.telemetry = telemetry;
    this.metrics = metrics;
  }

  /**
   * Deploys the switchboard of this JVM, which runs {@code services} and is known as {@code member}:
   * it reads what the cluster has on, then switches on {@code atStart} ({@code VARIANT}) where the
   * cluster has them off.
   */
  public static Future<Switchboard> deploy(Vertx vertx, String member, Set<String> services, List<String> atStart,
      Telemetry telemetry, MeterRegistry metrics) {
    Switchboard switchboard = new Switchboard(vertx, member, services, atStart, telemetry, metrics);
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
    for (Variant variant : Variants.all()) {
      gauge(variant.name(), variant.service());
    }
    cpuBurn = new CpuBurn(vertx, this);
    memoryLeak = new MemoryLeak(vertx, this);
    scheduler = new Scheduler(vertx, this);
    onChange(cpuBurn::apply);
    onChange(memoryLeak::apply);
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
    scheduler.stop();
    vertx.sharedData().getLocalMap(LOCAL_MAP).remove(LOCAL_MAP);
    return members().compose(map -> map.remove(member)).recover(away -> Future.succeededFuture());
  }

  /** True while no variant is on anywhere: the one check a hot path makes. */
  public boolean isQuiet() {
    return active.isEmpty();
  }

  /** The variant when it is on; null otherwise. */
  public ActiveVariant active(String name) {
    return active.get(name);
  }

  /** The variant when it is on and aimed at {@code service}; null otherwise. */
  public ActiveVariant activeFor(String name, String service) {
    ActiveVariant variant = active.get(name);
    return variant != null && variant.targets(service) ? variant : null;
  }

  /** The variant when it is on and aimed at a service this JVM runs; null otherwise. */
  public ActiveVariant activeHere(String name) {
    ActiveVariant variant = active.get(name);
    return variant != null && services.contains(variant.service()) ? variant : null;
  }

  /** Whether this JVM runs {@code service}. */
  public boolean runs(String service) {
    return services.contains(service);
  }

  /**
   * Runs {@code handler} on the caller's context after every change of this JVM's snapshot; closing
   * the result stops it.
   */
  public AutoCloseable onChange(Runnable handler) {
    if (this == NONE) {
      return () -> { };
    }
    io.vertx.core.Context context = owner.getOrCreateContext();
    Listener listener = new Listener(context, handler);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Switches {@code name} on cluster-wide with {@code requested} parameters (defaults for the rest),
   * or changes the parameters of one that is on. {@link NoSuchElementException} for an unknown name,
   * {@link IllegalArgumentException} naming a bad parameter.
   */
  public Future<ActiveVariant> switchOn(String name, JsonObject requested, Long seed) {
    Variant variant = Variants.named(name).orElseThrow(() -> new NoSuchElementException("no variant " + name));
    ActiveVariant on = new ActiveVariant(variant, variant.parameters(requested), Instant.now(), member, seed);
    return activeMap()
        .compose(map -> map.put(name, on.encode()))
        .compose(put -> recordInHistory(on, "on"))
        .compose(recorded -> announce())
        .map(on);
  }

  /** Switches {@code name} off cluster-wide; nothing happens when it is off. */
  public Future<Void> switchOff(String name, Long seed) {
    if (Variants.named(name).isEmpty()) {
      return Future.failedFuture(new NoSuchElementException("no variant " + name));
    }
    return activeMap()
        .compose(map -> map.remove(name))
        .compose(removed -> removed == null ? Future.succeededFuture() : recordOff(removed, seed).compose(recorded -> announce()));
  }

  /** Switches every variant off. */
  public Future<Void> switchAllOff() {
    return activeMap()
        .compose(AsyncMap::keys)
        .compose(names -> Future.all(names.stream().map(name -> switchOff(name, null)).toList()))
        .mapEmpty();
  }

  private Future<Void> recordOff(String removed, Long seed) {
    ActiveVariant was = ActiveVariant.decode(removed);
    return was == null ? Future.succeededFuture()
        : recordInHistory(new ActiveVariant(was.variant(), was.params(), Instant.now(), member, seed), "off");
  }

  /** The seeded scheduler of this cluster, wherever it runs. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The timeline of every switch, oldest first: time, member, variant, state, parameters, seed. */
  public Future<JsonArray> history() {
    return state().compose(map -> map.get(HISTORY)).map(stored -> stored == null ? new JsonArray() : new JsonArray(stored));
  }

  /**
   * Every variant, whether it is on (since when, with which parameters, switched by whom), and each
   * member's view: what its snapshot holds.
   */
  public Future<JsonObject> describe() {
    Future<Map<String, String>> on = activeMap().compose(AsyncMap::entries);
    Future<Map<String, String>> views = members().compose(AsyncMap::entries);
    return Future.all(on, views).map(all -> {
      List<JsonObject> memberViews = views.result().values().stream().map(JsonObject::new)
          .sorted((a, b) -> a.getString("member").compareTo(b.getString("member"))).toList();
      JsonArray variants = new JsonArray();
      for (Variant variant : Variants.all()) {
        String stored = on.result().get(variant.name());
        ActiveVariant activeVariant = stored == null ? null : ActiveVariant.decode(stored);
        JsonObject described = variant.toJson().put("on", activeVariant != null);
        if (activeVariant != null) {
          described.mergeIn(activeVariant.toJson());
        }
        described.put("seen_on", new JsonArray(memberViews.stream()
            .filter(view -> view.getJsonObject("active").containsKey(variant.name()))
            .map(view -> view.getString("member")).toList()));
        variants.add(described);
      }
      return new JsonObject().put("variants", variants).put("members", new JsonArray(memberViews));
    });
  }

  /** The answer key's logfmt line, written by every member as it applies a change. */
  private void writeAnswerKey(ActiveVariant variant, String state) {
    LoggingEventBuilder line = ANSWER_KEY.atInfo()
        .setMessage("variant " + variant.name() + " " + state)
        .addKeyValue("variant", variant.name())
        .addKeyValue("state", state)
        .addKeyValue("service", variant.service())
        .addKeyValue("params", variant.params().encode())
        .addKeyValue("expected", variant.variant().symptom())
        .addKeyValue("switched_by", variant.member())
        .addKeyValue("member", member);
    if (variant.seed() != null) {
      line = line.addKeyValue("seed", variant.seed());
    }
    line.log();
  }

  /** The answer key as a span of the target service (when this JVM runs it), with an event saying what changed. */
  private void traceAnswerKey(ActiveVariant variant, String state) {
    telemetry.tracer(variant.service(), Switchboard.class.getPackageName()).ifPresent(tracer -> {
      Span span = tracer.spanBuilder("variant " + variant.name() + " " + state).setParent(Context.root()).startSpan();
      Attributes attributes = Attributes.builder()
          .put(ActiveVariant.SPAN_ATTRIBUTE, variant.name())
          .put("ecommerce.variant.state", state)
          .put("ecommerce.variant.params", variant.params().encode())
          .put("ecommerce.variant.expected", variant.variant().symptom())
          .build();
      span.setAllAttributes(attributes);
      span.addEvent("ecommerce.variant." + state, attributes);
      span.end();
    });
  }

  private void gauge(String variant, String service) {
    if (metrics != null && gauges.add(variant + " " + service)) {
      Gauge.builder("ecommerce.variant.active", () -> activeFor(variant, service) == null ? 0 : 1)
          .description("1 while the variant is on for the service, in this member's view")
          .tags("variant", variant, "service", service)
          .register(metrics);
    }
  }

  private Future<Void> switchOnAtStart() {
    Future<Void> chain = Future.succeededFuture();
    for (String name : atStart) {
      Variant variant = Variants.named(name).orElseThrow();
      ActiveVariant on = new ActiveVariant(variant, variant.parameters(new JsonObject()), Instant.now(), member, null);
      chain = chain.compose(previous -> activeMap().compose(map -> map.putIfAbsent(name, on.encode())))
          .compose(earlier -> earlier == null ? recordInHistory(on, "on") : Future.succeededFuture());
    }
    return atStart.isEmpty() ? chain : chain.compose(done -> announce());
  }

  /** Applies the change here, then tells the other members, so a switch is in force here when its call answers. */
  private Future<Void> announce() {
    return reload().onSuccess(applied -> owner.eventBus().publish(CHANGED, member));
  }

  /**
   * Reads the cluster's map into this JVM's snapshot; one read at a time, so an older one never wins.
   * The admin API's context and this verticle's both call it, hence the lock around the chaining.
   */
  private synchronized Future<Void> reload() {
    Future<Void> next = reloading.transform(previous -> activeMap()
        .compose(AsyncMap::entries)
        .map(entries -> {
          Map<String, ActiveVariant> loaded = new HashMap<>();
          entries.forEach((name, stored) -> {
            ActiveVariant decoded = ActiveVariant.decode(stored);
            if (decoded != null) {
              loaded.put(name, decoded);
            }
          });
          apply(loaded);
          return null;
        })
        .compose(applied -> publishView())
        .recover(failure -> {
          LOG.warn("could not read the variants from the cluster: " + failure.getMessage());
          return Future.succeededFuture();
        }));
    reloading = next;
    return next;
  }

  private void apply(Map<String, ActiveVariant> loaded) {
    Map<String, ActiveVariant> previous = active;
    if (previous.equals(loaded)) {
      return;
    }
    active = Map.copyOf(loaded);
    Set<String> names = new TreeSet<>(previous.keySet());
    names.addAll(loaded.keySet());
    for (String name : names) {
      ActiveVariant before = previous.get(name);
      ActiveVariant after = loaded.get(name);
      if (Objects.equals(before, after)) {
        continue;
      }
      ActiveVariant changed = after == null ? before : after;
      String state = after == null ? "off" : "on";
      gauge(name, changed.service());
      writeAnswerKey(changed, state);
      traceAnswerKey(changed, state);
    }
    listeners.forEach(listener -> listener.context.runOnContext(run -> listener.handler.run()));
  }

  private Future<Void> publishView() {
    JsonObject view = new JsonObject()
        .put("member", member)
        .put("services", new JsonArray(new ArrayList<>(new TreeSet<>(services))))
        .put("active", new JsonObject(new HashMap<>(active.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().params())))))
        .put("updated", Instant.now().toString());
    return members().compose(map -> map.put(member, view.encode(), MEMBER_TTL_MILLIS));
  }

  private Future<Void> recordInHistory(ActiveVariant variant, String state) {
    JsonObject entry = new JsonObject()
        .put("time", variant.since().toString())
        .put("member", member)
        .put("variant", variant.name())
        .put("state", state)
        .put("service", variant.service())
        .put("params", variant.params())
        .put("seed", variant.seed())
        .put("expected", variant.variant().symptom());
    return state().compose(map -> appendTo(map, entry));
  }

  /** Appends with compare-and-set, so two members switching at once both land in the timeline. */
  private static Future<Void> appendTo(AsyncMap<String, String> map, JsonObject entry) {
    return map.get(HISTORY).compose(stored -> {
      JsonArray timeline = stored == null ? new JsonArray() : new JsonArray(stored);
      timeline.add(entry);
      while (timeline.size() > HISTORY_LIMIT) {
        timeline.remove(0);
      }
      Future<Boolean> written = stored == null
          ? map.putIfAbsent(HISTORY, timeline.encode()).map(Objects::isNull)
          : map.replaceIfPresent(HISTORY, stored, timeline.encode());
      return written.compose(landed -> landed ? Future.<Void>succeededFuture() : appendTo(map, entry));
    });
  }

  private Future<AsyncMap<String, String>> activeMap() {
    return owner.sharedData().getAsyncMap(ACTIVE);
  }

  private Future<AsyncMap<String, String>> state() {
    return owner.sharedData().getAsyncMap(STATE);
  }

  private Future<AsyncMap<String, String>> members() {
    return owner.sharedData().getAsyncMap(MEMBERS);
  }

  /** This JVM's name in the timeline and the members' views. */
  public String member() {
    return member;
  }
}
