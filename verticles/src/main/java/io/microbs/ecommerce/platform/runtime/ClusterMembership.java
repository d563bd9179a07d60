package io.microbs.ecommerce.platform.runtime;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.microbs.ecommerce.platform.bus.Service;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.impl.clustered.ClusteredMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's place in the clustered event bus ({@code CLUSTERED=true}): it joins with the Hazelcast
 * configuration of {@link Cluster}, tells readiness whether it is still a member, logs members
 * coming and going, and on a graceful stop withdraws its services from the cluster's routing.
 */
public final class ClusterMembership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

  private final Cluster cluster;
  private final HazelcastClusterManager manager;
  /** The registrations withdrawn while this JVM is isolated; null while it is not. */
  private Future<Map<String, List<RegistrationInfo>>> isolation;
  private Handler<DeliveryContext<Object>> droppingRemote;

  public ClusterMembership(Cluster cluster) {
    this.cluster = cluster;
    this.manager = new HazelcastClusterManager(cluster.hazelcastConfig());
  }

  /**
   * Builds the clustered Vert.x: the event bus where {@link Cluster} says, joined to the other members;
   * {@code ecommerce_cluster_members} in {@code metrics} is how many members this JVM sees.
   */
  public Future<Vertx> join(VertxBuilder builder, VertxOptions options, MeterRegistry metrics) {
    options.setEventBusOptions(cluster.eventBusOptions());
    long joining = System.nanoTime();
    return builder.with(options).withClusterManager(manager).buildClustered()
        .onSuccess(vertx -> {
          com.hazelcast.cluster.Cluster members = manager.getHazelcastInstance().getCluster();
          LOG.info("joined the " + cluster + " as " + members.getLocalMember().getAddress() + " in "
              + (System.nanoTime() - joining) / 1_000_000 + " ms: " + members.getMembers().size() + " members");
          Gauge.builder("ecommerce.cluster.members", manager, joined -> joined.isActive() ? joined.getNodes().size() : 0)
              .description("Members of the cluster this JVM sees, itself included; 0 once it is no member")
              .tag("cluster", cluster.name())
              .register(metrics);
          members.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
              LOG.info("cluster member joined: " + event.getMember().getAddress() + ", " + event.getMembers().size() + " members");
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
              LOG.info("cluster member left: " + event.getMember().getAddress() + ", " + event.getMembers().size() + " members");
            }
          });
        });
  }

  /** Ready while this JVM is a member; not {@code isClusterSafe}, which fails on every member while partitions move. */
  public void checkReadiness(Promise<Status> promise) {
    promise.complete(manager.isActive()
        ? Status.OK(new JsonObject().put("members", manager.getNodes().size()))
        : Status.KO(new JsonObject().put("error", "not a member of the cluster")));
  }

  /**
   * Removes this JVM's registrations of {@code services} from the cluster's routing, so the other
   * members send their requests elsewhere; the consumers stay and answer whatever still arrives.
   */
  public Future<Void> withdraw(List<Service> services) {
    return withdrawRegistrations(services).<Void>mapEmpty()
        .onSuccess(done -> LOG.info("withdrew " + services + " from the cluster's routing"));
  }

  /** What {@link #withdraw} does, answering the registrations it removed, by address, so they can be put back. */
  private Future<Map<String, List<RegistrationInfo>>> withdrawRegistrations(List<Service> services) {
    String self = manager.getNodeId();
    Map<String, List<RegistrationInfo>> withdrawn = new ConcurrentHashMap<>();
    List<Future<Void>> removals = new ArrayList<>();
    for (Service service : services) {
      Promise<List<RegistrationInfo>> registrations = Promise.promise();
      manager.getRegistrations(service.address(), registrations);
      removals.add(registrations.future().compose(all -> Future.all(all.stream()
          .filter(registration -> registration.nodeId().equals(self) && !registration.localOnly())
          .map(registration -> {
            Promise<Void> removed = Promise.promise();
            manager.removeRegistration(service.address(), registration, removed);
            return removed.future().onSuccess(done ->
                withdrawn.computeIfAbsent(service.address(), address -> new CopyOnWriteArrayList<>()).add(registration));
          })
          .toList()).<Void>mapEmpty()));
    }
    return Future.all(removals).map(withdrawn);
  }

  /**
   * Cuts this JVM off as a network partition would (the {@code member-isolated} variant): its
   * {@code services} leave the cluster's routing and the messages other members still send them are
   * dropped (their callers time out), while this JVM keeps serving its own calls and calling others.
   * Nothing happens while it is isolated already.
   */
  public void isolate(Vertx vertx, List<Service> services) {
    if (isolation != null) {
      return;
    }
    Set<String> addresses = services.stream().map(Service::address).collect(Collectors.toSet());
    droppingRemote = delivery -> {
      if (delivery.message() instanceof ClusteredMessage<?, ?> remote && remote.isFromWire()
          && addresses.contains(delivery.message().address())) {
        return; // dropped: the network between the members is "down"
      }
      delivery.next();
    };
    vertx.eventBus().addInboundInterceptor(droppingRemote);
    isolation = withdrawRegistrations(services)
        .onSuccess(withdrawn -> LOG.warn("isolated from the cluster: " + services + " withdrawn, remote messages dropped"));
  }

  /** Ends {@link #isolate} of {@code services}: their registrations come back as they were, and remote messages arrive again. */
  public void rejoin(Vertx vertx, List<Service> services) {
    if (isolation == null) {
      return;
    }
    vertx.eventBus().removeInboundInterceptor(droppingRemote);
    Future<Map<String, List<RegistrationInfo>>> ending = isolation;
    isolation = null;
    droppingRemote = null;
    ending.compose(this::restore)
        .onSuccess(restored -> LOG.info("back in the cluster: " + services + " routed here again"));
  }

  private Future<Void> restore(Map<String, List<RegistrationInfo>> withdrawn) {
    List<Future<Void>> additions = new ArrayList<>();
    withdrawn.forEach((address, registrations) -> registrations.forEach(registration -> {
      Promise<Void> added = Promise.promise();
      manager.addRegistration(address, registration, added);
      additions.add(added.future());
    }));
    return Future.all(additions).mapEmpty();
  }
}
