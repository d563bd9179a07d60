package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The variants as the cluster holds them, in async maps (Hazelcast's when clustered, this JVM's
 * otherwise), so a member that starts or restarts later reads them at start: which are on, the
 * timeline of every switch, and each member's view of what it has applied.
 */
final class ClusterState {
  private static final String ACTIVE = "ecommerce.variants.active";
  private static final String STATE = "ecommerce.variants.state";
  private static final String MEMBERS = "ecommerce.variants.members";
  private static final String HISTORY = "history";
  private static final int HISTORY_LIMIT = 1_000;

  private final Vertx vertx;

  ClusterState(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> put(ActiveVariant on) {
    return active().compose(map -> map.put(on.name(), on.encode()));
  }

  /** Puts {@code on} unless the variant is on already; whether it landed. */
  Future<Boolean> putIfAbsent(ActiveVariant on) {
    return active().compose(map -> map.putIfAbsent(on.name(), on.encode())).map(Objects::isNull);
  }

  /** Takes the variant named {@code name} off; what was on, if it was and this build knows it. */
  Future<Optional<ActiveVariant>> remove(String name) {
    return active().compose(map -> map.remove(name)).map(removed -> Optional.ofNullable(removed).flatMap(ActiveVariant::decode));
  }

  /** The names of the variants on, those a newer member knows included. */
  Future<List<String>> names() {
    return active().compose(AsyncMap::keys).map(List::copyOf);
  }

  /** The variants on that this build knows. */
  Future<Map<Variant, ActiveVariant>> variantsOn() {
    return active().compose(AsyncMap::entries).map(entries -> {
      Map<Variant, ActiveVariant> loaded = new HashMap<>();
      entries.values().forEach(stored -> ActiveVariant.decode(stored).ifPresent(on -> loaded.put(on.variant(), on)));
      return loaded;
    });
  }

  /** Says what {@code member} has applied, running {@code snapshot}'s services; the view lapses after {@code ttlMillis}. */
  Future<Void> publishView(String member, Snapshot snapshot, long ttlMillis) {
    JsonObject view = new JsonObject()
        .put("member", member)
        .put("services", new JsonArray(snapshot.services().stream().map(Service::serviceName).sorted().toList()))
        .put("active", new JsonObject(new HashMap<>(snapshot.all().values().stream()
            .collect(Collectors.toMap(ActiveVariant::name, ActiveVariant::params)))))
        .put("updated", Instant.now().toString());
    return members().compose(map -> map.put(member, view.encode(), ttlMillis));
  }

  Future<Void> withdrawView(String member) {
    return members().compose(map -> map.remove(member)).mapEmpty();
  }

  /**
   * Every variant, whether it is on (since when, with which parameters, switched by whom), and each
   * member's view: what its snapshot holds.
   */
  Future<JsonObject> describe() {
    Future<Map<Variant, ActiveVariant>> on = variantsOn();
    Future<Map<String, String>> views = members().compose(AsyncMap::entries);
    return Future.all(on, views).map(all -> {
      List<JsonObject> memberViews = views.result().values().stream().map(JsonObject::new)
          .sorted((a, b) -> a.getString("member").compareTo(b.getString("member"))).toList();
      JsonArray variants = new JsonArray();
      for (Variant variant : Variant.values()) {
        Optional<ActiveVariant> switchedOn = Optional.ofNullable(on.result().get(variant));
        JsonObject described = variant.toJson().put("on", switchedOn.isPresent());
        switchedOn.ifPresent(active -> described.mergeIn(active.toJson()));
        described.put("seen_on", new JsonArray(memberViews.stream()
            .filter(view -> view.getJsonObject("active").containsKey(variant.variantName()))
            .map(view -> view.getString("member")).toList()));
        variants.add(described);
      }
      return new JsonObject().put("variants", variants).put("members", new JsonArray(memberViews));
    });
  }

  /** The timeline of every switch, oldest first. */
  Future<JsonArray> history() {
    return state().compose(map -> map.get(HISTORY)).map(stored -> stored == null ? new JsonArray() : new JsonArray(stored));
  }

  Future<Void> appendToHistory(JsonObject entry) {
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

  private Future<AsyncMap<String, String>> active() {
    return vertx.sharedData().getAsyncMap(ACTIVE);
  }

  private Future<AsyncMap<String, String>> state() {
    return vertx.sharedData().getAsyncMap(STATE);
  }

  private Future<AsyncMap<String, String>> members() {
    return vertx.sharedData().getAsyncMap(MEMBERS);
  }
}
