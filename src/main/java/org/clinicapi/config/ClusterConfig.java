package org.clinicapi.config;

import java.util.List;

/**
 * The clustered event bus (CLUSTER_ENABLED): Hazelcast members join over TCP-IP only, from the {@code members}
 * list (multicast off), and only members of the same {@code name} form a cluster. {@code port} is Hazelcast's
 * membership port; {@code busPort} the event bus's own message port (0: any free one, announced through the
 * cluster); both on {@code host}, the address the other nodes reach this one at.
 */
public record ClusterConfig(boolean enabled, String host, int port, int busPort, List<String> members, String name) {

  static ClusterConfig read(SettingsReader in) {
    ClusterConfig cluster = new ClusterConfig(
        in.bool("CLUSTER_ENABLED"),
        in.string("CLUSTER_HOST"),
        in.integer("CLUSTER_PORT", 1, 65_535),
        in.integer("CLUSTER_BUS_PORT", 0, 65_535),
        in.list("CLUSTER_MEMBERS"),
        in.string("CLUSTER_NAME"));
    if (cluster.enabled) {
      cluster.check(in);
    }
    return cluster;
  }

  private void check(SettingsReader in) {
    if (host.isEmpty()) {
      in.problem("CLUSTER_HOST", "is required with CLUSTER_ENABLED=true (the address other nodes reach this one at)");
    }
    if (members.isEmpty()) {
      in.problem("CLUSTER_MEMBERS", "is required with CLUSTER_ENABLED=true (comma-separated host:port, multicast is off)");
    }
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
        in.problem("CLUSTER_MEMBERS", "entries must be host:port (got an entry that is not)");
      }
    }
    if (name.isEmpty()) {
      in.problem("CLUSTER_NAME", "must not be empty with CLUSTER_ENABLED=true");
    }
  }
}
