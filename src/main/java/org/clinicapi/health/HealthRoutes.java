package org.clinicapi.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.bus.BusClient;
import org.clinicapi.config.FilesConfig;
import org.clinicapi.web.ReadOnlyRoute;

/**
 * Probes, outside /api/v1 and outside the envelope (probes read status codes; bodies are for people).
 * Liveness touches nothing; readiness and details are cached for a second per event loop.
 */
public final class HealthRoutes {
  private static final long CACHE_MS = 1000;
  private static final String JSON = "application/json; charset=utf-8";

  private final DependencyChecks checks;
  private final CachedResult<CheckResult> database;
  private final CachedResult<CheckResult> storage;
  private final CachedResult<CheckResult> details;
  private volatile boolean draining;

  public HealthRoutes(Vertx vertx, BusClient bus, RedisAPI redis, long checkTimeoutMs, FilesConfig files) {
    this.checks = new DependencyChecks(vertx, bus, redis, checkTimeoutMs, files);
    this.storage = new CachedResult<>(CACHE_MS, checks::storage);
    this.database = new CachedResult<>(CACHE_MS, checks::database);
    this.details = new CachedResult<>(CACHE_MS, checks::all);
  }

  /** From now on readiness answers 503, so load balancers stop sending traffic before the server closes. */
  public void drain() {
    draining = true;
  }

  /** Registers the probes on the root router, ahead of load shedding and rate limiting. */
  public void mount(Router router) {
    ReadOnlyRoute.on(router, "/health/live").handler(ctx -> send(ctx, 200, new JsonObject().put("status", "UP")));
    ReadOnlyRoute.on(router, "/health/ready").handler(this::ready);
    ReadOnlyRoute.on(router, "/health").handler(this::details);
  }

  private void ready(RoutingContext ctx) {
    if (draining) {
      send(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", "shutting down"));
      return;
    }
    // Ready only when uploads can be stored too: a node with a full or read-only disk takes no traffic.
    Future.all(database.get(), storage.get()).onComplete(ar -> {
      boolean up = ar.succeeded() && CheckResult.isUp(ar.result().<CheckResult>resultAt(0))
          && CheckResult.isUp(ar.result().<CheckResult>resultAt(1));
      send(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN"));
    });
  }

  private void details(RoutingContext ctx) {
    details.get().onComplete(ar -> {
      JsonArray list = new JsonArray();
      boolean up = ar.succeeded() && !draining;
      if (ar.succeeded()) {
        for (CheckResult check : ar.result().getChecks()) {
          boolean ok = CheckResult.isUp(check);
          up &= ok;
          JsonObject data = check.getStatus() == null || check.getStatus().getData() == null ? new JsonObject() : check.getStatus().getData();
          list.add(new JsonObject().put("id", check.getId()).put("status", ok ? "UP" : "DOWN").put("data", data));
        }
      }
      send(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", list));
    });
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }
}
