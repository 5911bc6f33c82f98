package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.RouteTemplate;


/** /auth: register, login, refresh, logout, password reset, e-mail verification. */
public final class AuthRoutes {
  private final FeatureContext f;
  private final LoginThrottle throttle;
  private final AuthRoutesSupport support;

  private AuthRoutes(FeatureContext f, LoginThrottle throttle) {
    this.f = f;
    this.throttle = throttle;
    this.support = new AuthRoutesSupport(f);
  }

  public static Router create(FeatureContext f, LoginThrottle throttle) {
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
    JsonObject request = new JsonObject().put("email", email).put("name", name).put("phone", phone).put("password", password);
    f.bus().request(Addresses.AUTH_SERVICE, "register", request)
        .compose(session -> support.audited(ctx, "auth.register", session, 201, true))
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String email = v.email("email", true);
    String password = v.secret("password", PasswordPolicy.MAX);
    v.done();
    String ip = ip(ctx);
    throttle.check(ip, email)
        .compose(ok -> f.bus().request(Addresses.AUTH_SERVICE, "login", new JsonObject().put("email", email).put("password", password)))
        .recover(e -> failedLogin(ctx, e, ip, email))
        .compose(session -> throttle.reset(email).map(session))
        .compose(session -> support.audited(ctx, "auth.login", session, 200, false))
        .onFailure(ctx::fail);
  }

  /** Wrong credentials count against the throttle and are audited; other failures pass through. */
  private Future<JsonObject> failedLogin(RoutingContext ctx, Throwable e, String ip, String email) {
    if (!(e instanceof ServiceException se) || se.code() != ErrorCode.UNAUTHENTICATED) {
      return Future.failedFuture(e);
    }
    return throttle.recordFailure(ip, email)
        .compose(v -> f.audit().record(Audits.of(ctx, "auth.login", "user", null, null, AuditEvent.FAILURE)))
        .compose(v -> Future.<JsonObject>failedFuture(e), audit -> Future.failedFuture(audit));
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
    f.bus().request(Addresses.AUTH_SERVICE, "refresh", new JsonObject().put("refreshToken", token))
        .compose(reply -> reply.getBoolean("reused", false) ? support.refreshReused(ctx, reply) : support.respond(ctx, reply, 200))
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    f.bus().request(Addresses.AUTH_SERVICE, "logout", new JsonObject().put("sessionId", user.sessionId().toString()))
        .compose(v -> f.audit().record(Audits.of(ctx, "auth.logout", "session", user.sessionId().toString(), null, AuditEvent.SUCCESS)))
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
    f.bus().request(Addresses.AUTH_SERVICE, "forgotPassword", new JsonObject().put("email", email))
        .onSuccess(r -> ctx.response().setStatusCode(202).end())
        .onFailure(ctx::fail);
  }

  private void reset(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String token = v.secret("token", 200);
    String password = v.secret("newPassword", PasswordPolicy.MAX);
    PasswordPolicy.check("newPassword", password, null).ifPresent(e -> v.error(e.field(), e.message()));
    v.done();
    f.bus().request(Addresses.AUTH_SERVICE, "resetPassword", new JsonObject().put("token", token).put("newPassword", password))
        .compose(r -> f.audit().record(Audits.of(ctx, "auth.password_reset", "user", r.getString("userId"), null, AuditEvent.SUCCESS)))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void verifyEmail(RoutingContext ctx) {
    Validator v = new Validator(JsonBody.object(ctx));
    String token = v.secret("token", 200);
    v.done();
    f.bus().request(Addresses.AUTH_SERVICE, "verifyEmail", new JsonObject().put("token", token))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  static String ip(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.host() == null ? "unknown" : remote.host();
  }


}
