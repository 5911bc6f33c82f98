package org.clinicapi.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.api.Credentials;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.PasswordPolicy;
import org.clinicapi.auth.api.PasswordReset;
import org.clinicapi.auth.api.Registration;
import org.clinicapi.auth.api.Session;
import org.clinicapi.auth.passwords.LoginThrottle;
import org.clinicapi.auth.sessions.AuthCookies;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.RouteTemplate;


/** /auth: register, login, refresh, logout, password reset, e-mail verification. */
final class AuthRoutes {
  private final FeatureContext f;
  private final LoginThrottle throttle;
  private final AuthRoutesSupport support;

  private AuthRoutes(FeatureContext f, LoginThrottle throttle) {
    this.f = f;
    this.throttle = throttle;
    this.support = new AuthRoutesSupport(f);
  }

  static Router create(FeatureContext f, LoginThrottle throttle) {
    AuthRoutes routes = new AuthRoutes(f, throttle);
    Router router = Router.router(f.vertx());
    router.post("/auth/register").handler(RouteTemplate.CAPTURE).handler(f.idempotent()).handler(routes::register);
    router.post("/auth/login").handler(RouteTemplate.CAPTURE).handler(routes::login);
    router.post("/auth/refresh").handler(RouteTemplate.CAPTURE).handler(routes::refresh);
    router.post("/auth/logout").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::logout);
    router.post("/auth/password/forgot").handler(RouteTemplate.CAPTURE).handler(routes::forgot);
    router.post("/auth/password/reset").handler(RouteTemplate.CAPTURE).handler(routes::reset);
    router.post("/auth/email/verify").handler(RouteTemplate.CAPTURE).handler(routes::verifyEmail);
    return router;
  }

  private void register(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String email = v.email("email", true);
    String name = v.text("name", 1, 200, true);
    String phone = v.phone("phone");
    String password = v.secret("password", PasswordPolicy.MAX);
    PasswordPolicy.check("password", password, email).ifPresent(e -> v.error(e.field(), e.message()));
    v.done();
    AuditEvent audit = Audits.of(ctx, "auth.register", "user", null, null, AuditEvent.SUCCESS);
    f.bus().request(AuthService.REGISTER, new Registration(email, name, phone, password, audit))
        .compose(session -> support.respond(ctx, session, 201))
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String email = v.email("email", true);
    String password = v.secret("password", PasswordPolicy.MAX);
    v.done();
    String ip = ip(ctx);
    throttle.check(ip, email)
        .compose(ok -> f.bus().request(AuthService.LOGIN, new Credentials(email, password,
            Audits.of(ctx, "auth.login", "user", null, null, AuditEvent.SUCCESS))))
        .onSuccess(session -> signedIn(ctx, email, session))
        .onFailure(e -> failedLogin(ctx, e, ip, email));
  }

  private void signedIn(RoutingContext ctx, String email, Session session) {
    throttle.reset(email)
        .compose(v -> support.respond(ctx, session, 200))
        .onFailure(ctx::fail);
  }

  /**
   * Wrong credentials count against the throttle and are audited (as a failure, by the one policy); other
   * refusals (429 from the throttle itself, 503) pass through unaudited.
   */
  private void failedLogin(RoutingContext ctx, Throwable e, String ip, String email) {
    if (!(e instanceof ServiceException se) || se.code() != ErrorCode.UNAUTHENTICATED) {
      ctx.fail(e);
      return;
    }
    throttle.recordFailure(ip, email)
        .onSuccess(v -> f.guards().failAudited(ctx, "auth.login", "user", null, e))
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    String token = JsonBody.object(ctx).getString("refreshToken");
    Cookie cookie = ctx.request().getCookie(AuthCookies.REFRESH);
    if ((token == null || token.isEmpty()) && cookie != null) {
      token = cookie.getValue();
    }
    if (token == null || token.isEmpty()) {
      ctx.fail(new ServiceException(ErrorCode.UNAUTHENTICATED, "A refresh token is required."));
      return;
    }
    f.bus().request(AuthService.REFRESH, token)
        .compose(reply -> reply.reuse() != null ? support.refreshReused(ctx, reply.reuse()) : support.respond(ctx, reply.session(), 200))
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    f.bus().request(AuthService.LOGOUT, user.sessionId())
        .compose(v -> f.guards().recorded(ctx, "auth.logout", "session", user.sessionId().toString(), null, v))
        .onSuccess(v -> {
          AuthCookies.clear(ctx.response(), f.config().auth().cookieSecure());
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private void forgot(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String email = v.email("email", true);
    v.done();
    f.bus().request(AuthService.FORGOT_PASSWORD, email)
        .onSuccess(r -> ctx.response().setStatusCode(202).end())
        .onFailure(ctx::fail);
  }

  private void reset(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String token = v.secret("token", 200);
    String password = v.secret("newPassword", PasswordPolicy.MAX);
    PasswordPolicy.check("newPassword", password, null).ifPresent(e -> v.error(e.field(), e.message()));
    v.done();
    f.bus().request(AuthService.RESET_PASSWORD, new PasswordReset(token, password))
        .compose(userId -> f.guards().recorded(ctx, "auth.password_reset", "user", userId.toString(), null, userId))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void verifyEmail(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String token = v.secret("token", 200);
    v.done();
    f.bus().request(AuthService.VERIFY_EMAIL, token)
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  static String ip(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.host() == null ? "unknown" : remote.host();
  }


}
