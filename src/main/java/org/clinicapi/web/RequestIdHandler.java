package org.clinicapi.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.RequestId;

/** Echoes a sane client request id or makes one, and binds it to the request's context for logging and the bus. */
public final class RequestIdHandler implements Handler<RoutingContext> {
  public static final String KEY = "requestId";

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestId.acceptOrGenerate(ctx.request().getHeader(RequestId.HEADER));
    RequestId.set(Vertx.currentContext(), requestId);
    ctx.put(KEY, requestId);
    ctx.response().putHeader(RequestId.HEADER, requestId);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY, "-");
  }
}
