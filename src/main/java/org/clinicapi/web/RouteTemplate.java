package org.clinicapi.web;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * The route pattern a request matched ({@code /api/v1/appointments/:id}), never the concrete path, so logs
 * hold no ids or query values. Routes register {@link #CAPTURE} as their first handler: once a failure
 * handler runs, vert.x no longer knows which route failed. Requests that no route matched (404, 405, or a
 * failure in the common handlers before routing) are reported as {@code unmatched}.
 */
public final class RouteTemplate {
  /** First handler of every route: remembers its pattern for the access log. */
  public static final io.vertx.core.Handler<RoutingContext> CAPTURE = ctx -> {
    capture(ctx);
    ctx.next();
  };

  static final String KEY = "routeTemplate";
  static final String UNMATCHED = "unmatched";

  private RouteTemplate() {
  }

  static void capture(RoutingContext ctx) {
    if (ctx.get(KEY) != null) {
      return;
    }
    Route route = ctx.currentRoute();
    if (route != null && route.getPath() != null) {
      String mount = ctx.mountPoint();
      String prefix = mount == null ? "" : mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
      ctx.put(KEY, prefix + route.getPath());
    }
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY, UNMATCHED);
  }
}
