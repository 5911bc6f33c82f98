package org.clinicapi.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.clinicapi.bus.BusClient;
import org.clinicapi.cluster.ClusterView;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.metrics.Metrics;

import java.util.Locale;

/**
 * This node in /metrics: its cluster's member count as it sees it, the bus requests it awaits replies to, and
 * whether each of its roles is ready (from the same health rounds as /health/ready). Read at scrape time.
 */
final class NodeMetrics {
  private NodeMetrics() {
  }

  static void register(Vertx vertx, HealthMonitor monitor, NodeRoles roles) {
    MeterRegistry registry = Metrics.registry(vertx);
    if (registry == null) {
      return;
    }
    Gauge.builder("clinic_cluster_members", vertx, ClusterView::members)
        .description("Cluster members this node counts, itself included (1 when not clustered)").register(registry);
    Gauge.builder("clinic_bus_requests_in_flight", BusClient::inFlight)
        .description("Event-bus requests of this node awaiting their reply").register(registry);
    for (NodeRoles.Role role : roles.roles()) {
      Gauge.builder("clinic_node_role_ready", monitor, m -> m.ready(role) ? 1 : 0)
          .tag("role", role.name().toLowerCase(Locale.ROOT))
          .description("1 when what this role of the node needs answers (as /health/ready decides), else 0").register(registry);
    }
  }
}
