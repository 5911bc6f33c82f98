package org.clinicapi.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.clinicapi.config.ClusterConfig;

/**
 * The Hazelcast member behind CLUSTER_ENABLED: vertx-hazelcast's own map settings (subscriptions with a backup,
 * so a member's death loses no other member's subscriptions), joined over TCP-IP from CLUSTER_MEMBERS only.
 */
public final class HazelcastSettings {
  /** Seconds without a heartbeat before a member counts as dead: its subscriptions go, requests stop going to it. */
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;

  private HazelcastSettings() {
  }

  public static HazelcastClusterManager clusterManager(ClusterConfig cluster) {
    return new HazelcastClusterManager(config(cluster));
  }

  /** After the join: /health and /metrics read the member count through {@link ClusterView}. */
  public static void registerView(Vertx vertx, HazelcastClusterManager manager) {
    ClusterView.register(vertx, manager);
  }

  static Config config(ClusterConfig cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    // No call home to hazelcast.com from a medical backend, and no JVM hook racing our ordered shutdown.
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A killed member is noticed in seconds rather than the default minute; a first member waits 1 s, not 5, for others.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    // A member that started alone (its peers' names did not resolve yet, as in a fresh Kubernetes roll-out) looks
    // for them again after 10 s and merges, instead of Hazelcast's default of five minutes on its own.
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    // Our /metrics and /health describe the node; Hazelcast's own periodic health lines would only add noise.
    hz.setProperty("hazelcast.health.monitoring.level", "OFF");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(cluster.host() + ":" + cluster.port());
    if (cluster.host().matches("[0-9.]+")) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return hz;
  }
}
