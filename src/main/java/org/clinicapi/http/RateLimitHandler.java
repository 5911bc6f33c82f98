package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.http.ratelimit.Decision;
import org.clinicapi.http.ratelimit.LocalRateLimiter;

import java.util.function.Function;

/**
 * A rate limit on one subject of the request: the client IP (every request but probes, before routing) or
 * the authenticated user (right after authentication). Decided in memory, synchronously: the process's
 * {@link LocalRateLimiter} reconciles with Redis in the background, so Redis being down or slow never delays
 * or fails a request. When both limits apply, the RateLimit-* headers show the tighter one (fewer requests
 * left), or the one that refused.
 */
final class RateLimitHandler implements Handler<RoutingContext> {
  /** The decision the RateLimit-* headers currently show, so a second limit can tell whether it is tighter. */
  private static final String SHOWN = "rateLimit.shown";

  private final LocalRateLimiter limiter;
  private final Function<RoutingContext, String> subject;
  /** Marks a request this limit has counted (one context key per kind of limit, built once). */
  private final String counted;

  private RateLimitHandler(LocalRateLimiter limiter, String kind, Function<RoutingContext, String> subject) {
    this.limiter = limiter;
    this.subject = subject;
    this.counted = "rateLimit.counted." + kind;
  }

  /** Counts every request against its client IP. */
  static RateLimitHandler perIp(LocalRateLimiter limiter) {
    return new RateLimitHandler(limiter, "ip", RateLimitHandler::ip);
  }

  /** Counts authenticated requests against their user; runs after {@link CurrentUser} is set. */
  static RateLimitHandler perUser(LocalRateLimiter limiter) {
    return new RateLimitHandler(limiter, "user", RateLimitHandler::userId);
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
    apply(ctx, limiter.hit(key));
  }

  private static String ip(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.host() == null ? "unknown" : remote.host();
  }

  private static String userId(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    return user == null ? null : user.id().toString();
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
