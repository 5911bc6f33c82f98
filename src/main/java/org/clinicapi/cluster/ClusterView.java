package org.clinicapi.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** What this node sees of its cluster, for /health and /metrics: the members Hazelcast currently counts. */
public final class ClusterView {
  private static final Map<Vertx, ClusterManager> MANAGERS = Collections.synchronizedMap(new WeakHashMap<>());

  private ClusterView() {
  }

  static void register(Vertx vertx, ClusterManager manager) {
    MANAGERS.put(vertx, manager);
  }

  public static boolean clustered(Vertx vertx) {
    return MANAGERS.containsKey(vertx);
  }

  /** Members including this one (a local view kept by Hazelcast, no I/O); 1 when not clustered, 0 once it left. */
  public static int members(Vertx vertx) {
    ClusterManager manager = MANAGERS.get(vertx);
    if (manager == null) {
      return 1;
    }
    return manager.isActive() ? manager.getNodes().size() : 0;
  }
}
