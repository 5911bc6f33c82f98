package org.clinicapi.http;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.redis.RateLimiter;
import org.clinicapi.common.redis.RateLimiter.Decision;

/**
 * The global per-client-IP limit. It fails open: when Redis is unreachable the breaker opens and
 * requests pass unlimited (logged once per outage by {@link RedisOutageLog}) — losing the limiter is
 * better than losing the API. Routes that must fail closed (login throttling) use their own limiter.
 */
final class RateLimitHandler implements Handler<RoutingContext> {
  private final RateLimiter limiter;
  private final CircuitBreaker breaker;

  RateLimitHandler(RateLimiter limiter, CircuitBreaker breaker) {
    this.limiter = limiter;
    this.breaker = breaker;
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String ip = remote == null || remote.host() == null ? "unknown" : remote.host();
    breaker.<Decision>execute(promise -> limiter.hit("rl:ip:" + ip).onComplete(promise))
        .onSuccess(decision -> apply(ctx, decision))
        .onFailure(e -> ctx.next());
  }

  private static void apply(RoutingContext ctx, Decision decision) {
    HttpServerResponse response = ctx.response();
    response.putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
        .putHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
        .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    if (decision.allowed()) {
      ctx.next();
      return;
    }
    response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
    ctx.fail(new ServiceException(ErrorCode.RATE_LIMITED, "Too many requests. Retry after " + decision.resetSeconds() + " s."));
  }

}
