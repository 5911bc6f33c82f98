package org.clinicapi.health;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.web.ReadOnlyRoute;

/**
 * Probes, outside /api/v1 and outside the envelope (probes read status codes; bodies are for people).
 * Liveness touches nothing; readiness and details answer at once from the last background round of
 * checks ({@link HealthMonitor}), never waiting on a dependency.
 */
public final class HealthRoutes {
  private static final String JSON = "application/json; charset=utf-8";

  private final HealthMonitor monitor;

  public HealthRoutes(HealthMonitor monitor) {
    this.monitor = monitor;
  }

  /** Registers the probes on the root router, ahead of load shedding and rate limiting. */
  public void mount(Router router) {
    ReadOnlyRoute.on(router, "/health/live").handler(ctx -> send(ctx, 200, new JsonObject().put("status", "UP")));
    ReadOnlyRoute.on(router, "/health/ready").handler(this::ready);
    ReadOnlyRoute.on(router, "/health").handler(this::details);
  }

  private void ready(RoutingContext ctx) {
    if (monitor.draining()) {
      send(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", "shutting down"));
      return;
    }
    HealthMonitor.Round round = monitor.current();
    boolean up = round != null && round.ready();
    send(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN"));
  }

  private void details(RoutingContext ctx) {
    HealthMonitor.Round round = monitor.current();
    boolean up = round != null && round.allUp() && !monitor.draining();
    JsonArray checks = round == null ? new JsonArray() : round.checks();
    send(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }
}
