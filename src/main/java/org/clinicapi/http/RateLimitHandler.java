package org.clinicapi.http;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.redis.RateLimiter.Decision;
import org.clinicapi.common.redis.RateLimiter;

import java.util.function.Function;

/**
 * A rate limit on one subject of the request: the client IP (every request but probes, before routing) or
 * the authenticated user (right after authentication). It fails open: when Redis is unreachable the breaker
 * opens and requests pass unlimited (logged once per outage by {@link RedisOutageLog}) — losing the limiter
 * is better than losing the API. Routes that must fail closed (login throttling) use their own limiter.
 * When both limits apply, the RateLimit-* headers show the tighter one (fewer requests left), or the one
 * that refused.
 */
final class RateLimitHandler implements Handler<RoutingContext> {
  /** The decision the RateLimit-* headers currently show, so a second limit can tell whether it is tighter. */
  private static final String SHOWN = "rateLimit.shown";

  private final RateLimiter limiter;
  private final CircuitBreaker breaker;
  private final Function<RoutingContext, String> subject;
  /** Marks a request this limit has counted (one context key per kind of limit, built once). */
  private final String counted;

  private RateLimitHandler(RateLimiter limiter, CircuitBreaker breaker, String kind, Function<RoutingContext, String> subject) {
    this.limiter = limiter;
    this.breaker = breaker;
    this.subject = subject;
    this.counted = "rateLimit.counted." + kind;
  }

  /** Counts every request against its client IP. */
  static RateLimitHandler perIp(RateLimiter limiter, CircuitBreaker breaker) {
    return new RateLimitHandler(limiter, breaker, "ip", RateLimitHandler::ipKey);
  }

  /** Counts authenticated requests against their user; runs after {@link CurrentUser} is set. */
  static RateLimitHandler perUser(RateLimiter limiter, CircuitBreaker breaker) {
    return new RateLimitHandler(limiter, breaker, "user", RateLimitHandler::userKey);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = subject.apply(ctx);
    // Counted once per request, even if a request were to pass two authenticating routes.
    if (key == null || ctx.get(counted) != null) {
      ctx.next();
      return;
    }
    ctx.put(counted, Boolean.TRUE);
    breaker.<Decision>execute(promise -> limiter.hit(key).onComplete(promise))
        .onSuccess(decision -> apply(ctx, decision))
        .onFailure(e -> ctx.next());
  }

  private static String ipKey(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return "rl:ip:" + (remote == null || remote.host() == null ? "unknown" : remote.host());
  }

  private static String userKey(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    return user == null ? null : "rl:user:" + user.id();
  }

  private static void apply(RoutingContext ctx, Decision decision) {
    show(ctx, decision);
    if (decision.allowed()) {
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
    ctx.fail(new ServiceException(ErrorCode.RATE_LIMITED, "Too many requests. Retry after " + decision.resetSeconds() + " s."));
  }

  private static void show(RoutingContext ctx, Decision decision) {
    Decision shown = ctx.get(SHOWN);
    if (shown != null && decision.allowed() && shown.remaining() <= decision.remaining()) {
      return;
    }
    ctx.put(SHOWN, decision);
    HttpServerResponse response = ctx.response();
    response.putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
        .putHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
        .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
  }
}
