package org.clinicapi.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;

import java.util.concurrent.TimeUnit;

/**
 * The last round of dependency checks of this process. {@link HealthVerticle} writes it in the background;
 * every HTTP verticle reads it, so a probe is answered at once whatever the dependencies do. One per
 * process, handed to both through their constructors: it describes this process, so a split deployment
 * runs a {@link HealthVerticle} wherever it serves HTTP.
 */
public final class HealthMonitor {
  private final long staleAfterNanos;
  private volatile Round last;

  /** {@code staleAfterMs}: a round older than this counts as DOWN (the checker may be stuck). */
  public HealthMonitor(long staleAfterMs) {
    this.staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(staleAfterMs);
  }

  /** What one round found. {@code checks} is built once here and only read afterwards. */
  record Round(long completedAt, boolean ready, boolean allUp, JsonArray checks) {
  }

  void record(CheckResult result) {
    JsonArray checks = new JsonArray();
    boolean allUp = true;
    boolean ready = true;
    for (CheckResult check : result.getChecks()) {
      boolean up = CheckResult.isUp(check);
      allUp &= up;
      // Ready only when uploads can be stored too: a node with a full or read-only disk takes no traffic.
      if (check.getId().equals(DependencyChecks.DATABASE) || check.getId().equals(DependencyChecks.STORAGE)) {
        ready &= up;
      }
      JsonObject data = check.getStatus() == null || check.getStatus().getData() == null ? new JsonObject() : check.getStatus().getData();
      checks.add(new JsonObject().put("id", check.getId()).put("status", up ? "UP" : "DOWN").put("data", data));
    }
    last = new Round(System.nanoTime(), ready && !result.getChecks().isEmpty(), allUp, checks);
  }

  /** The last round if it is recent enough to believe; null before the first round and once it is stale. */
  Round current() {
    Round round = last;
    return round == null || System.nanoTime() - round.completedAt() > staleAfterNanos ? null : round;
  }
}
