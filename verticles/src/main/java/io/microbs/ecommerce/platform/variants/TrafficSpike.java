package io.microbs.ecommerce.platform.variants;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code traffic-spike} variant at the loadgen of this JVM: it sends the loadgen's own spike
 * command to the address the loadgen takes its commands on, so the loadgen knows nothing of
 * variants; switched off, the loadgen goes back to the load it ran before.
 */
public final class TrafficSpike {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficSpike.class);
  private static final long COMMAND_TIMEOUT_MILLIS = 15_000;

  private final Vertx vertx;
  private final String loadgenAddress;
  private final Snapshot snapshot;
  /** The spike's users as last commanded; 0 for none. */
  private int commanded;

  private TrafficSpike(Vertx vertx, String loadgenAddress, Snapshot snapshot) {
    this.vertx = vertx;
    this.loadgenAddress = loadgenAddress;
    this.snapshot = snapshot;
  }

  /** Steers the loadgen listening on {@code loadgenAddress} (in this JVM) while the variant is on. */
  public static AutoCloseable steer(Vertx vertx, String loadgenAddress) {
    Snapshot snapshot = Snapshot.of(vertx);
    TrafficSpike spike = new TrafficSpike(vertx, loadgenAddress, snapshot);
    AutoCloseable watching = snapshot.onChange(spike::apply);
    spike.apply();
    return watching;
  }

  private void apply() {
    int users = snapshot.activeHere(Variant.TRAFFIC_SPIKE).map(on -> on.integer("users")).orElse(0);
    if (users == commanded) {
      return;
    }
    commanded = users;
    JsonObject command = new JsonObject().put("action", "spike").put("on", users > 0);
    if (users > 0) {
      command.put("users", users);
    }
    vertx.eventBus().request(loadgenAddress, command, new DeliveryOptions().setLocalOnly(true).setSendTimeout(COMMAND_TIMEOUT_MILLIS))
        .onFailure(failure -> LOG.warn("the loadgen did not take the traffic spike " + (users > 0 ? "on" : "off") + ": "
            + failure.getMessage()));
  }
}
