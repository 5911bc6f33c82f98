package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.metrics.RequestMetrics;
import org.clinicapi.web.RouteTemplate;

/**
 * Records every request once it ends, under the route template the request matched ({@link RouteTemplate}),
 * read at the end when routing is done; Vert.x's own HTTP meters are off (see {@code Metrics}).
 */
final class RequestMetricsHandler implements Handler<RoutingContext> {
  private final RequestMetrics metrics;

  RequestMetricsHandler(RequestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> metrics.record(ctx.request().method(), RouteTemplate.of(ctx),
        done.succeeded() ? ctx.response().getStatusCode() : RequestMetrics.ABORTED, System.nanoTime() - start));
    ctx.next();
  }
}
