package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which variants are on, as this JVM last read them from the cluster, and who wants to hear of a
 * change. The hot paths read only this: an immutable map in a volatile field, so nothing is
 * allocated or locked while no variant is on.
 */
public final class Snapshot {
  /** What code run without a shop (a bare verticle in a test) sees: nothing is ever on. */
  static final Snapshot NONE = new Snapshot(null, Set.of());

  private final Vertx owner;
  private final Set<Service> services;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<Variant, ActiveVariant> active = Map.of();

  private record Listener(Context context, Runnable handler) {
  }

  /** One variant switched on, changed or off in this JVM's view: {@code variant} as it is now, or as it was before going off. */
  record Change(ActiveVariant variant, String state) {
  }

  Snapshot(Vertx owner, Set<Service> services) {
    this.owner = owner;
    this.services = Set.copyOf(services);
  }

  /** This JVM's snapshot; one in which nothing is ever on when no switchboard was deployed. */
  public static Snapshot of(Vertx vertx) {
    return Switchboard.of(vertx).snapshot();
  }

  /** True while no variant is on anywhere: the one check a hot path makes. */
  public boolean isQuiet() {
    return active.isEmpty();
  }

  /** The variant, while it is on. */
  public Optional<ActiveVariant> active(Variant variant) {
    return Optional.ofNullable(active.get(variant));
  }

  /** The variant, while it is on and aimed at {@code service}. */
  public Optional<ActiveVariant> activeFor(Variant variant, Service service) {
    return active(variant).filter(on -> on.targets(service));
  }

  /** The variant, while it is on and aimed at a service this JVM runs. */
  public Optional<ActiveVariant> activeHere(Variant variant) {
    return active(variant).filter(on -> services.contains(on.service()));
  }

  /**
   * Runs {@code handler} on the caller's context after every change of this snapshot; closing the
   * result stops it.
   */
  public AutoCloseable onChange(Runnable handler) {
    if (owner == null) {
      return () -> { };
    }
    Listener listener = new Listener(owner.getOrCreateContext(), handler);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The services this JVM runs. */
  Set<Service> services() {
    return services;
  }

  /** Every variant on, by variant. */
  Map<Variant, ActiveVariant> all() {
    return active;
  }

  /**
   * Takes {@code loaded} as the variants on, tells the listeners when that changes anything, and
   * answers what changed, in the order of the variants' names.
   */
  List<Change> replace(Map<Variant, ActiveVariant> loaded) {
    Map<Variant, ActiveVariant> previous = active;
    if (previous.equals(loaded)) {
      return List.of();
    }
    active = Map.copyOf(loaded);
    Set<Variant> touched = new TreeSet<>(Comparator.comparing(Variant::variantName));
    touched.addAll(previous.keySet());
    touched.addAll(loaded.keySet());
    List<Change> changes = touched.stream()
        .filter(variant -> !Objects.equals(previous.get(variant), loaded.get(variant)))
        .map(variant -> loaded.containsKey(variant)
            ? new Change(loaded.get(variant), "on")
            : new Change(previous.get(variant), "off"))
        .toList();
    listeners.forEach(listener -> listener.context.runOnContext(run -> listener.handler.run()));
    return changes;
  }
}
