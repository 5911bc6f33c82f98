package org.clinicapi.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.sessions.AuthCookies;
import org.clinicapi.auth.tokens.TokenVerifier;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates every protected route: a Bearer token, or the access cookie. A cookie-authenticated unsafe
 * request must also echo the CSRF cookie in the {@code X-CSRF-Token} header (the header cannot be set
 * cross-site). The token verifier and revocation list are local (no database or Redis round trip); once the
 * caller is known, {@code authenticated} runs: the per-user rate limit, one Redis round trip that fails open.
 */
final class AuthenticationHandler implements Handler<RoutingContext> {
  private static final String CHALLENGE = "Bearer realm=\"clinic-api\"";
  private static final String INVALID_CHALLENGE = "Bearer realm=\"clinic-api\", error=\"invalid_token\"";

  private final TokenVerifier verifier;
  private final Handler<RoutingContext> authenticated;

  /** {@code authenticated} runs with {@link CurrentUser} set; it continues the request or fails it. */
  AuthenticationHandler(TokenVerifier verifier, Handler<RoutingContext> authenticated) {
    this.verifier = verifier;
    this.authenticated = authenticated;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Cookie cookie = ctx.request().getCookie(AuthCookies.ACCESS);
    String token = bearer(header);
    if (token == null && header == null && cookie != null && !cookie.getValue().isEmpty()) {
      if (unsafe(ctx.request().method()) && !csrfMatches(ctx)) {
        ctx.fail(new ServiceException(ErrorCode.FORBIDDEN, "The CSRF token is missing or wrong."));
        return;
      }
      token = cookie.getValue();
    }
    if (token == null) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
      ctx.fail(new ServiceException(ErrorCode.UNAUTHENTICATED, "Authentication is required."));
      return;
    }
    verifier.verify(token).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(CurrentUser.KEY, ar.result());
        authenticated.handle(ctx);
      } else {
        ctx.response().putHeader("WWW-Authenticate", INVALID_CHALLENGE);
        ctx.fail(ar.cause());
      }
    });
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static boolean unsafe(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  private static boolean csrfMatches(RoutingContext ctx) {
    Cookie csrf = ctx.request().getCookie(AuthCookies.CSRF);
    String sent = ctx.request().getHeader(AuthCookies.CSRF_HEADER);
    return csrf != null && sent != null && !sent.isEmpty()
        && MessageDigest.isEqual(csrf.getValue().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
