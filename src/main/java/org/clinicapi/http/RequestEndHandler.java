package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.metrics.RequestMetrics;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a request ends: its access-log line ({@link AccessLine}, logger {@code access}) and its request meters
 * ({@link RequestMetrics}, when metrics are on), under the route template it matched ({@link RouteTemplate}), read
 * at the end when routing is done. One end hook and one clock reading for both, rather than one each.
 */
final class RequestEndHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  /** Null when this Vertx has no metrics. */
  private final RequestMetrics metrics;

  RequestEndHandler(RequestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> ended(ctx, done.succeeded(), System.nanoTime() - start));
    ctx.next();
  }

  private void ended(RoutingContext ctx, boolean completed, long nanos) {
    HttpMethod method = ctx.request().method();
    String route = RouteTemplate.of(ctx);
    int status = ctx.response().getStatusCode();
    if (metrics != null) {
      metrics.record(method, route, completed ? status : RequestMetrics.ABORTED, nanos);
    }
    if (LOG.isInfoEnabled()) {
      LOG.info("{}", new AccessLine(method.name(), route, status, nanos, completed));
    }
  }
}
