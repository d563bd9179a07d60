package io.microbs.ecommerce.platform.bus;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The hooks attached at the front doors of this JVM's services, by service. The routers read them
 * on every request: an immutable map in a volatile field, empty while nothing is attached.
 */
public final class FrontDoors implements Shareable {
  private static final String LOCAL_MAP = "ecommerce.front-doors";

  private volatile Map<Service, List<FrontDoorHook>> attached = Map.of();

  private FrontDoors() {
  }

  /** The front doors of {@code vertx}'s services. */
  public static FrontDoors of(Vertx vertx) {
    return (FrontDoors) vertx.sharedData().getLocalMap(LOCAL_MAP).computeIfAbsent(LOCAL_MAP, key -> new FrontDoors());
  }

  /** Attaches {@code hook} at {@code service}'s front door, after those attached before it; running the result detaches it. */
  public Runnable attach(Service service, FrontDoorHook hook) {
    change(service, hooks -> hooks.add(hook));
    return () -> change(service, hooks -> hooks.remove(hook));
  }

  /** What stands at {@code service}'s front door now, in the order attached. */
  List<FrontDoorHook> at(Service service) {
    return attached.getOrDefault(service, List.of());
  }

  private synchronized void change(Service service, Consumer<List<FrontDoorHook>> edit) {
    Map<Service, List<FrontDoorHook>> next = new EnumMap<>(Service.class);
    next.putAll(attached);
    List<FrontDoorHook> hooks = new ArrayList<>(next.getOrDefault(service, List.of()));
    edit.accept(hooks);
    if (hooks.isEmpty()) {
      next.remove(service);
    } else {
      next.put(service, List.copyOf(hooks));
    }
    attached = Map.copyOf(next);
  }
}
