package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.Refreshed;
import org.clinicapi.auth.api.Session;
import org.clinicapi.auth.sessions.AuthCookies;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.users.api.UsersService;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;

/**
 * Turns a new session from auth.service into the contract's answer: the user (from users.service), the
 * token pair and expiry, and the cookies for browser clients. Also shared by staff sign-in (OIDC).
 */
final class AuthRoutesSupport {
  private final FeatureContext f;

  AuthRoutesSupport(FeatureContext f) {
    this.f = f;
  }

  /** Answers a new session: its sign-in event has already committed with it (auth.service appends it). */
  Future<Void> respond(RoutingContext ctx, Session session, int status) {
    return f.bus().request(UsersService.GET, session.userId())
        .compose(user -> {
          AuthCookies.set(ctx.response(), f.config().auth().cookieSecure(), session.accessToken(), session.expiresIn(),
              session.refreshToken(), f.config().auth().refreshTokenTtlSeconds(), session.csrfToken());
          return Responses.send(ctx, status, new JsonObject()
              .put("user", user.toJson())
              .put("accessToken", session.accessToken())
              .put("refreshToken", session.refreshToken())
              .put("expiresIn", session.expiresIn()));
        });
  }

  /**
   * A rotated refresh token came back: the session is already revoked; record it and refuse. Not
   * {@code Guards.failAudited}: the event names the session's owner as actor, and a replay is recorded as
   * denied although the answer is 401.
   */
  Future<Void> refreshReused(RoutingContext ctx, Refreshed.Reuse reuse) {
    AuditEvent event = Audits.of(ctx, "auth.refresh_reuse", "session", reuse.sessionId().toString(), null, AuditEvent.DENIED);
    return f.audit().record(event.byActor(reuse.userId(), null)).compose(v -> Future.failedFuture(
        new ServiceException(ErrorCode.UNAUTHENTICATED, "The refresh token was already used; the session has been ended.")));
  }

}
