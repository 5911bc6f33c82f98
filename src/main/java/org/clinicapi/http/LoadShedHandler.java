package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.ServiceException;

/**
 * Sheds load when this event loop lags: 503 with Retry-After before any work is done. Probes are mounted
 * before this handler and are never shed (metrics have a listener of their own). Database pool pressure is handled where the pool
 * lives: a full wait queue fails at once and surfaces as the same 503.
 */
final class LoadShedHandler implements Handler<RoutingContext> {
  private static final ServiceException OVERLOADED =
      ServiceException.unavailable("The server is overloaded. Try again shortly.");
  private final EventLoopLagMonitor lag;

  LoadShedHandler(EventLoopLagMonitor lag) {
    this.lag = lag;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (lag.overloaded()) {
      ctx.fail(OVERLOADED);
    } else {
      ctx.next();
    }
  }
}
