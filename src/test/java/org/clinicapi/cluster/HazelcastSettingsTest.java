package org.clinicapi.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.clinicapi.config.ClusterConfig;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("cluster")
@DisplayName("Hazelcast members join over TCP-IP only, and only members of the same CLUSTER_NAME form a cluster")
class HazelcastSettingsTest {

  @Test
  @DisplayName("of three members listing each other, the two named alike form a cluster of two and the third stays alone")
  void onlyTheSameNameJoins() throws Exception {
    int a = TestServer.freePort();
    int b = TestServer.freePortOtherThan(a);
    int c = TestServer.freePortOtherThan(b);
    List<String> members = List.of("127.0.0.1:" + a, "127.0.0.1:" + b, "127.0.0.1:" + c);
    List<HazelcastInstance> started = new ArrayList<>();
    try {
      HazelcastInstance first = start(started, new ClusterConfig(true, "127.0.0.1", a, 0, members, "clinic-blue"));
      HazelcastInstance second = start(started, new ClusterConfig(true, "127.0.0.1", b, 0, members, "clinic-blue"));
      HazelcastInstance other = start(started, new ClusterConfig(true, "127.0.0.1", c, 0, members, "clinic-green"));
      assertThat(first.getCluster().getMembers()).hasSize(2);
      assertThat(second.getCluster().getMembers()).hasSize(2);
      assertThat(other.getCluster().getMembers()).hasSize(1);
      assertThat(HazelcastSettings.config(new ClusterConfig(true, "127.0.0.1", a, 0, members, "x")).getNetworkConfig().getJoin()
          .getMulticastConfig().isEnabled()).isFalse();
    } finally {
      started.forEach(HazelcastInstance::shutdown);
    }
  }

  private static HazelcastInstance start(List<HazelcastInstance> started, ClusterConfig cluster) {
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(HazelcastSettings.config(cluster));
    started.add(instance);
    return instance;
  }
}
