package org.clinicapi.web;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

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
      Template known = route.getMetadata(KEY);
      if (known == null || !Objects.equals(known.mount, mount)) {
        known = new Template(mount, join(mount, route.getPath()));
        route.putMetadata(KEY, known);
      }
      ctx.put(KEY, known.text);
    }
  }

  /**
   * A route's template, joined on its first request and kept in the route's own metadata: the same String for
   * every later request, so no concatenation per request, and the request meters find their entry by identity.
   * A route mounted under another prefix than the one kept is joined again.
   */
  private record Template(String mount, String text) {
  }

  private static String join(String mount, String path) {
    String prefix = mount == null ? "" : mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
    return prefix + path;
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY, UNMATCHED);
  }
}
