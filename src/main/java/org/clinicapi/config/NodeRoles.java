package org.clinicapi.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What this process runs (NODE_ROLES, default {@code all}). {@code http}: the API listener, reaching data only over
 * the bus; {@code database}: migrations and the bus contracts of every feature; {@code communications}: the outbox
 * and webhook dispatchers; {@code payments}: Stripe and the payments contract; {@code jobs}: the periodic jobs of
 * the other roles on this node (reminders with communications, escrow release, refunds and reconciliation with
 * payments, clean-up with database), each safe on several nodes at once through database locks.
 */
public record NodeRoles(Set<Role> roles) {
  public enum Role { HTTP, DATABASE, COMMUNICATIONS, PAYMENTS, JOBS }

  public static final NodeRoles ALL = new NodeRoles(EnumSet.allOf(Role.class));

  public NodeRoles {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Runs a periodic job of {@code owner} (reminders: communications, money: payments, clean-up: database). */
  public boolean runsJobsOf(Role owner) {
    return has(Role.JOBS) && has(owner);
  }

  /** Every role but http holds a PostgreSQL pool of its own. */
  public boolean needsDatabase() {
    return roles.stream().anyMatch(r -> r != Role.HTTP);
  }

  public boolean all() {
    return roles.size() == Role.values().length;
  }

  /** As written in NODE_ROLES, lower case, in a fixed order. */
  public List<String> names() {
    return roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
  }

  static NodeRoles read(SettingsReader in) {
    List<String> names = in.list("NODE_ROLES");
    if (names.isEmpty() || names.equals(List.of("all"))) {
      return ALL;
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        in.problem("NODE_ROLES", "must be all or any of http, database, communications, payments, jobs");
        return ALL;
      }
    }
    if (roles.equals(EnumSet.of(Role.JOBS))) {
      in.problem("NODE_ROLES", "jobs runs the jobs of the other roles on the node: add database, communications or payments");
    }
    return new NodeRoles(roles);
  }
}
