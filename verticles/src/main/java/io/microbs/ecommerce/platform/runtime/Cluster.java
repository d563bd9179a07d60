package io.microbs.ecommerce.platform.runtime;

import com.hazelcast.config.XmlConfigBuilder;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import io.vertx.core.eventbus.EventBusOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * How a JVM joins the others when {@code CLUSTERED=true}: which Hazelcast configuration of
 * {@code cluster/} it uses, filled in from the environment, and where its event bus listens.
 *
 * <p>{@code network.xml} finds members by TCP/IP at the addresses in {@code CLUSTER_MEMBERS}
 * (loopback by default, for several JVMs on one machine); {@code kubernetes.xml} asks the Kubernetes
 * API for the endpoints of a headless Service. Both import {@code common.xml}: the cluster name, the
 * timings that make a join take about a second instead of Hazelcast's default five or more, and the
 * maps Vert.x keeps its event-bus registrations in.
 *
 * @param discovery how members find each other ({@code CLUSTER_DISCOVERY})
 * @param name only members with the same name join ({@code CLUSTER_NAME})
 * @param host this JVM's address as the other members reach it ({@code CLUSTER_HOST})
 * @param port the first Hazelcast port to try; the next ones are taken when it is busy ({@code CLUSTER_PORT})
 * @param members where to look for members, {@code host} or {@code host:port} ({@code CLUSTER_MEMBERS})
 * @param kubernetesService the headless Service whose endpoints are the members ({@code CLUSTER_KUBERNETES_SERVICE})
 * @param configFile a Hazelcast XML of the user's own, used instead of the built-in ones ({@code CLUSTER_CONFIG})
 * @param eventBusHost the address the event bus listens on ({@code EVENT_BUS_HOST})
 * @param eventBusPublicHost the address other members send to ({@code EVENT_BUS_PUBLIC_HOST})
 * @param eventBusPort the event-bus port, 0 for any free one ({@code EVENT_BUS_PORT})
 */
public record Cluster(
    Discovery discovery,
    String name,
    String host,
    int port,
    List<String> members,
    String kubernetesService,
    String configFile,
    String eventBusHost,
    String eventBusPublicHost,
    int eventBusPort) {

  /** A member that vanished without closing its connections (its machine died) is given up after this. */
  private static final int EVENT_BUS_CONNECT_TIMEOUT_MILLIS = 2_000;

  /** The two ways members find each other; the value is what {@code CLUSTER_DISCOVERY} takes and the file's name. */
  public enum Discovery {
    NETWORK("network"),
    KUBERNETES("kubernetes");

    private final String value;

    Discovery(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    public static Discovery of(String value) {
      for (Discovery discovery : values()) {
        if (discovery.value.equals(value)) {
          return discovery;
        }
      }
      throw new ConfigException("CLUSTER_DISCOVERY must be network or kubernetes, got '" + value + "'");
    }
  }

  /** How this JVM joins the others; read even when not clustered, so a typo fails before the first clustered run. */
  public static Cluster from(Variables vars, boolean clustered) {
    Discovery discovery = Discovery.of(vars.text("CLUSTER_DISCOVERY", "network"));
    String host = vars.text("CLUSTER_HOST", discovery == Discovery.NETWORK ? "127.0.0.1" : "");
    if (host.isEmpty() && clustered) {
      throw new ConfigException("CLUSTER_HOST is not set: with CLUSTER_DISCOVERY=kubernetes it must be the pod's IP "
          + "(fieldRef status.podIP)");
    }
    List<String> members = Arrays.stream(vars.text("CLUSTER_MEMBERS", host).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String member : members) {
      // Hazelcast fails at start on a port range (127.0.0.1:5701-5703): members are listed one by one.
      if (!member.matches("[^:\\s]+(:\\d{1,5})?")) {
        throw new ConfigException("CLUSTER_MEMBERS must be a comma list of host or host:port, got '" + member + "'");
      }
    }
    String configFile = vars.text("CLUSTER_CONFIG", "");
    if (!configFile.isEmpty() && !Files.isReadable(Path.of(configFile))) {
      throw new ConfigException("CLUSTER_CONFIG names '" + configFile + "', which is not a readable file");
    }
    String eventBusHost = vars.text("EVENT_BUS_HOST", host);
    return new Cluster(discovery,
        vars.text("CLUSTER_NAME", "ecommerce"),
        host,
        vars.port("CLUSTER_PORT", 5701),
        members,
        vars.text("CLUSTER_KUBERNETES_SERVICE", "hazelcast"),
        configFile,
        eventBusHost,
        vars.text("EVENT_BUS_PUBLIC_HOST", eventBusHost),
        vars.number("EVENT_BUS_PORT", 0, 0, 65_535));
  }

  /** The Hazelcast configuration: the built-in file for the discovery, or {@code CLUSTER_CONFIG}, with its placeholders filled. */
  public com.hazelcast.config.Config hazelcastConfig() {
    try (InputStream xml = configFile.isEmpty()
        ? Cluster.class.getResourceAsStream("/cluster/" + discovery.value() + ".xml")
        : Files.newInputStream(Path.of(configFile))) {
      return new XmlConfigBuilder(xml).setProperties(placeholders()).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Hazelcast configuration " + configFile, e);
    }
  }

  /** The values the configuration files refer to as {@code ${ecommerce.cluster.*}}. */
  Properties placeholders() {
    Properties properties = new Properties();
    properties.setProperty("ecommerce.cluster.name", name);
    properties.setProperty("ecommerce.cluster.host", host);
    properties.setProperty("ecommerce.cluster.port", Integer.toString(port));
    properties.setProperty("ecommerce.cluster.members", String.join(",", members));
    properties.setProperty("ecommerce.cluster.kubernetes-service", kubernetesService);
    return properties;
  }

  public EventBusOptions eventBusOptions() {
    return new EventBusOptions()
        .setHost(eventBusHost)
        .setClusterPublicHost(eventBusPublicHost)
        .setPort(eventBusPort)
        .setConnectTimeout(EVENT_BUS_CONNECT_TIMEOUT_MILLIS);
  }

  @Override
  public String toString() {
    return discovery.value() + " cluster '" + name + "'"
        + (discovery == Discovery.NETWORK ? " (members " + members + ")" : " (Service " + kubernetesService + ")");
  }
}
