package org.clinicapi.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.config.NodeRoles.Role;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The last round of dependency checks of this process. {@link HealthVerticle} writes it in the background;
 * every probe reads it (the HTTP verticles, or the management listener of a node without the http role), so
 * a probe is answered at once whatever the dependencies do. One per process: it describes this node.
 *
 * <p>A node is ready when each of its roles is: http needs a database node answering over the bus with this
 * build's schema and writable upload storage (a node with a full disk takes no traffic); every other role needs
 * the database it holds a pool to.
 */
public final class HealthMonitor {
  private static final Map<Role, List<String>> NEEDS = Map.of(
      Role.HTTP, List.of(DependencyChecks.DATABASE, DependencyChecks.STORAGE),
      Role.DATABASE, List.of(DependencyChecks.DATABASE),
      Role.COMMUNICATIONS, List.of(DependencyChecks.DATABASE),
      Role.PAYMENTS, List.of(DependencyChecks.DATABASE),
      Role.JOBS, List.of(DependencyChecks.DATABASE));

  private final long staleAfterNanos;
  private final NodeRoles roles;
  private volatile Round last;
  private volatile boolean draining;

  /** {@code staleAfterMs}: a round older than this counts as DOWN (the checker may be stuck). */
  public HealthMonitor(long staleAfterMs, NodeRoles roles) {
    this.staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(staleAfterMs);
    this.roles = roles;
  }

  /** What one round found. {@code checks} is built once here and only read afterwards. */
  record Round(long completedAt, Map<Role, Boolean> readiness, boolean allUp, JsonArray checks) {
    boolean ready() {
      return !readiness.isEmpty() && !readiness.containsValue(false);
    }
  }

  void record(CheckResult result) {
    JsonArray checks = new JsonArray();
    Set<String> up = new HashSet<>();
    for (CheckResult check : result.getChecks()) {
      boolean isUp = CheckResult.isUp(check);
      if (isUp) {
        up.add(check.getId());
      }
      JsonObject data = check.getStatus() == null || check.getStatus().getData() == null ? new JsonObject() : check.getStatus().getData();
      checks.add(new JsonObject().put("id", check.getId()).put("status", isUp ? "UP" : "DOWN").put("data", data));
    }
    Map<Role, Boolean> readiness = new EnumMap<>(Role.class);
    roles.roles().forEach(role -> readiness.put(role, up.containsAll(NEEDS.get(role))));
    last = new Round(System.nanoTime(), Map.copyOf(readiness), up.size() == result.getChecks().size(), checks);
  }

  /** From now on readiness answers 503, so load balancers stop sending traffic before the node stops. */
  void drain() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  /** For /metrics: whether {@code role} was ready in the last believable round (false while draining). */
  public boolean ready(Role role) {
    Round round = current();
    return !draining && round != null && round.readiness().getOrDefault(role, false);
  }

  /** The last round if it is recent enough to believe; null before the first round and once it is stale. */
  Round current() {
    Round round = last;
    return round == null || System.nanoTime() - round.completedAt() > staleAfterNanos ? null : round;
  }
}
