package io.microbs.ecommerce.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.JoinConfig;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a clustered JVM joins the others: the variables, and the Hazelcast configuration of cluster/ they fill in. */
class ClusterTest {

  private static Cluster cluster(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Cluster.from(new Variables(env), true);
  }

  @Test
  void byDefaultMembersFindEachOtherOnLoopback() {
    Cluster cluster = cluster();

    assertThat(cluster.discovery()).isEqualTo(Cluster.Discovery.NETWORK);
    assertThat(cluster.members()).containsExactly("127.0.0.1");
    assertThat(cluster.eventBusOptions().getHost()).isEqualTo("127.0.0.1");
    assertThat(cluster.eventBusOptions().getClusterPublicHost()).isEqualTo("127.0.0.1");
    assertThat(cluster.eventBusOptions().getPort()).isZero();
  }

  @Test
  void theNetworkConfigurationListsTheMembersAndJoinsFast() {
    com.hazelcast.config.Config hazelcast = cluster(
        "CLUSTER_NAME", "shop-a", "CLUSTER_HOST", "10.0.0.5", "CLUSTER_PORT", "6701",
        "CLUSTER_MEMBERS", "10.0.0.5, 10.0.0.6:6701").hazelcastConfig();

    assertThat(hazelcast.getClusterName()).isEqualTo("shop-a");
    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(6701);
    assertThat(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.5");
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.5", "10.0.0.6:6701");
    assertThat(hazelcast.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(hazelcast.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  void theKubernetesConfigurationAsksForTheHeadlessServicesEndpoints() {
    Cluster cluster = cluster("CLUSTER_DISCOVERY", "kubernetes", "CLUSTER_HOST", "10.244.0.7",
        "CLUSTER_KUBERNETES_SERVICE", "shop-members");
    com.hazelcast.config.Config hazelcast = cluster.hazelcastConfig();

    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-name")).isEqualTo("shop-members");
    assertThat(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.244.0.7");
    assertThat(hazelcast.getClusterName()).isEqualTo("ecommerce");
    assertThat(cluster.eventBusOptions().getHost()).isEqualTo("10.244.0.7");
  }

  @Test
  void aClusteredPodWithoutItsAddressDoesNotStart() {
    assertThatThrownBy(() -> cluster("CLUSTER_DISCOVERY", "kubernetes"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CLUSTER_HOST is not set");
  }

  @Test
  void malformedValuesNameTheirVariable() {
    assertThatThrownBy(() -> cluster("CLUSTER_DISCOVERY", "multicast")).hasMessageStartingWith("CLUSTER_DISCOVERY");
    // Hazelcast itself would fail at start, with a NumberFormatException that names nothing.
    assertThatThrownBy(() -> cluster("CLUSTER_MEMBERS", "127.0.0.1:5701-5703")).hasMessageStartingWith("CLUSTER_MEMBERS");
    assertThatThrownBy(() -> cluster("CLUSTER_PORT", "0")).hasMessageStartingWith("CLUSTER_PORT");
    assertThatThrownBy(() -> cluster("EVENT_BUS_PORT", "-1")).hasMessageStartingWith("EVENT_BUS_PORT");
    assertThatThrownBy(() -> cluster("CLUSTER_CONFIG", "/no/such/hazelcast.xml")).hasMessageStartingWith("CLUSTER_CONFIG");
  }

  @Test
  void aConfigurationOfOnesOwnReplacesTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Path own = dir.resolve("hazelcast.xml");
    Files.writeString(own, """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <import resource="classpath:cluster/common.xml"/>
          <network>
            <port auto-increment="false">7777</port>
            <join><multicast enabled="false"/><tcp-ip enabled="true"><member>10.1.1.1</member></tcp-ip></join>
          </network>
        </hazelcast>
        """);

    com.hazelcast.config.Config hazelcast = cluster("CLUSTER_CONFIG", own.toString(), "CLUSTER_NAME", "mine").hazelcastConfig();

    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(7777);
    assertThat(hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.1.1.1");
    assertThat(hazelcast.getClusterName()).isEqualTo("mine");
  }
}
