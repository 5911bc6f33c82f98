package org.clinicapi.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * A GET/HEAD route outside /api/v1 (probes, docs). These sit before the catch-all handlers
 * (shedding, rate limit), which make vert.x forget that the path matched with another method; so the
 * 405 with {@code Allow} is answered explicitly here.
 */
public final class ReadOnlyRoute {
  private static final String ALLOW = "GET, HEAD";

  private ReadOnlyRoute() {
  }

  public static Route on(Router router, String path) {
    Route route = router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(RouteTemplate.CAPTURE);
    router.route(path).handler(RouteTemplate.CAPTURE).handler(ctx -> {
      ctx.response().putHeader("Allow", ALLOW);
      ctx.fail(405);
    });
    return route;
  }
}
