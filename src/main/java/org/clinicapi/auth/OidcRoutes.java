package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.api.Session;
import org.clinicapi.auth.api.SessionOpening;
import org.clinicapi.auth.oidc.OidcClaims;
import org.clinicapi.auth.oidc.OidcStateStore;
import org.clinicapi.auth.tokens.SecretTokens;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.AuthConfig.OidcConfig;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Staff sign-in with Google (any OpenID Connect issuer): authorization code flow with PKCE, state and nonce.
 * Refusals are audited as {@code auth.oidc_login} / denied; a success answers exactly like login.
 */
final class OidcRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OidcRoutes.class);
  private static final String ACTION = "auth.oidc_login";
  private static final long DISCOVERY_TIMEOUT_SECONDS = 15;
  private static final ServiceException NOT_VERIFIED =
      new ServiceException(ErrorCode.UNAUTHENTICATED, "The sign-in could not be verified. Start again.");

  private final FeatureContext f;
  private final OidcConfig oidc;
  private final OAuth2Auth oauth2;
  private final OidcStateStore states;
  private final AuthRoutesSupport support;

  private OidcRoutes(FeatureContext f, OAuth2Auth oauth2, OidcStateStore states) {
    this.f = f;
    this.oidc = f.config().auth().oidc();
    this.oauth2 = oauth2;
    this.states = states;
    this.support = new AuthRoutesSupport(f);
  }

  /**
   * Discovers the issuer, then builds the routes. Never fails: an issuer that cannot be reached at start
   * leaves the rest of the API up and these two routes answering 503 (logged here, once, not per request).
   */
  static Future<Router> create(FeatureContext f, RedisAPI redis) {
    OidcConfig oidc = f.config().auth().oidc();
    OAuth2Options options = new OAuth2Options().setSite(oidc.issuer()).setClientId(oidc.clientId())
        .setClientSecret(oidc.clientSecret())
        .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(15).setIdleTimeoutUnit(TimeUnit.SECONDS));
    return OpenIDConnectAuth.discover(f.vertx(), options).timeout(DISCOVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .map(oauth2 -> new OidcRoutes(f, keysOnRotation(oauth2), new OidcStateStore(redis, f.config().redis().keyPrefix(), f.config().redis().timeoutMs())).router())
        .recover(e -> {
          LOG.error("OpenID Connect discovery at {} failed; staff sign-in answers 503 until restart: {}", oidc.issuer(), e.toString());
          return Future.succeededFuture(unavailableRouter(f));
        });
  }

  private static OAuth2Auth keysOnRotation(OAuth2Auth oauth2) {
    // A token signed with a key we have not seen means the issuer rotated: fetch the key set again.
    return oauth2.missingKeyHandler(kid -> oauth2.jWKSet().onFailure(e -> LOG.warn("could not refresh the issuer's keys: {}", e.toString())));
  }

  private Router router() {
    Router router = Router.router(f.vertx());
    router.get("/auth/oidc/google").handler(RouteTemplate.CAPTURE).handler(this::start);
    router.get("/auth/oidc/google/callback").handler(RouteTemplate.CAPTURE).handler(this::callback);
    return router;
  }

  private static Router unavailableRouter(FeatureContext f) {
    Router router = Router.router(f.vertx());
    router.get("/auth/oidc/google*").handler(RouteTemplate.CAPTURE)
        .handler(ctx -> ctx.fail(ServiceException.unavailable("Staff sign-in is temporarily unavailable.")));
    return router;
  }

  private void start(RoutingContext ctx) {
    String state = SecretTokens.generate();
    OidcStateStore.Pending pending = new OidcStateStore.Pending(SecretTokens.generate(), SecretTokens.generate());
    String url = oauth2.authorizeURL(new OAuth2AuthorizationURL()
        .setRedirectUri(oidc.redirectUri())
        .setScopes(List.of("openid", "email", "profile"))
        .setState(state)
        .setCodeChallenge(challenge(pending.verifier()))
        .setCodeChallengeMethod("S256")
        .putAdditionalParameter("nonce", pending.nonce()));
    states.put(state, pending)
        .onSuccess(v -> ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }

  private void callback(RoutingContext ctx) {
    String code = ctx.request().getParam("code");
    String state = ctx.request().getParam("state");
    Future<Session> session = blank(state) || (blank(code) && blank(ctx.request().getParam("error")))
        ? Future.failedFuture(ServiceException.validation(List.of(new FieldError(blank(state) ? "state" : "code", "is required"))))
        : blank(code) ? Future.failedFuture(NOT_VERIFIED)
        : signIn(code, state, Audits.of(ctx, ACTION, "user", null, null, AuditEvent.SUCCESS));
    session.recover(e -> refused(ctx, e))
        .compose(s -> support.respond(ctx, s, 200))
        .onFailure(ctx::fail);
  }

  /** state → code exchange (with the PKCE verifier) → checked identity → staff account → new session. */
  private Future<Session> signIn(String code, String state, AuditEvent audit) {
    return states.take(state).compose(pending -> pending == null ? Future.failedFuture(NOT_VERIFIED)
        : exchange(code, pending.verifier()).map(user -> OidcClaims.check(user.attributes().getJsonObject("idToken"), oidc,
            oidc.issuer(), pending.nonce(), System.currentTimeMillis() / 1000)))
        .compose(identity -> f.bus().request(AuthService.OIDC_USER, identity))
        .compose(user -> f.bus().request(AuthService.OPEN_SESSION, new SessionOpening(user.userId(), audit)));
  }

  private Future<User> exchange(String code, String verifier) {
    return oauth2.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
            .setRedirectUri(oidc.redirectUri()).setCodeVerifier(verifier))
        .recover(e -> {
          // Used or forged code, wrong verifier, bad ID token signature/audience: the caller only learns "start again".
          LOG.info("OpenID Connect code exchange refused: {}", e.toString());
          return Future.failedFuture(NOT_VERIFIED);
        });
  }

  /**
   * Audits a refusal (400/401/403) before answering it; other failures (429, 503, 500) pass through unaudited.
   * Every refused staff sign-in is recorded as denied, which {@code Guards.failAudited} would record as a
   * failure for 400 and 401: kept apart on purpose.
   */
  private Future<Session> refused(RoutingContext ctx, Throwable e) {
    if (!(e instanceof ServiceException se) || se.code().status() >= 500 || se.code().status() == 429) {
      return Future.failedFuture(e);
    }
    LOG.info("staff sign-in refused: {} {}", se.code(), se.getMessage());
    return f.audit().record(Audits.of(ctx, ACTION, "user", null, null, AuditEvent.DENIED))
        .compose(v -> Future.<Session>failedFuture(e), audit -> Future.failedFuture(audit));
  }

  /** PKCE S256: base64url(SHA-256(verifier)). */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
