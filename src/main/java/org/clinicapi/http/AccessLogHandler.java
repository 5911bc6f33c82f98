package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One line per request: method, route pattern, status, duration, request id. Never bodies, headers,
 * tokens, query values or concrete paths (they can identify patients).
 */
final class AccessLogHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      double ms = (System.nanoTime() - start) / 1_000_000.0;
      LOG.info("{} {} {} {} {}", kv("method", ctx.request().method().name()), kv("route", RouteTemplate.of(ctx)),
          kv("status", ctx.response().getStatusCode()), kv("durationMs", Math.round(ms * 10) / 10.0),
          kv("completed", done.succeeded()));
    });
    ctx.next();
  }
}
