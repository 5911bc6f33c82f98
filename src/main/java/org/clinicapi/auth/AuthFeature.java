package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.passwords.LoginThrottle;
import org.clinicapi.auth.passwords.PasswordHasher;
import org.clinicapi.auth.sessions.RevocationStore;
import org.clinicapi.auth.tokens.SigningKeys;
import org.clinicapi.auth.tokens.TokenIssuer;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.ArrayList;
import java.util.List;

/** Identity: registration, sign-in (password and Google), sessions and one-time tokens. */
public final class AuthFeature implements Feature {

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    LoginThrottle throttle = new LoginThrottle(f.redis(), f.config().redis().keyPrefix(), f.config().auth().loginMaxFailures(),
        f.config().auth().loginFailureWindowSeconds(), f.config().redis().timeoutMs());
    Router auth = AuthRoutes.create(f, throttle);
    if (!f.config().auth().oidc().enabled()) {
      return Future.succeededFuture(List.of(auth));
    }
    // Google sign-in routes only when an issuer is configured; their discovery never fails the start.
    return OidcRoutes.create(f, f.redis()).map(oidc -> {
      List<Router> all = new ArrayList<>(List.of(auth));
      all.add(oidc);
      return List.copyOf(all);
    });
  }

  /** {@code auth.service} in each database verticle, with its own Redis client for the revocation list. */
  @Override
  public Future<Void> bindServices(ServiceContext s) {
    Vertx vertx = s.vertx();
    AppConfig config = s.config();
    RedisAPI redis = RedisAPI.api(RedisFactory.create(vertx, config.redis()));
    PasswordHasher hasher = new PasswordHasher(vertx, config.auth().passwordHashThreads(), config.auth().passwordHashMaxQueued());
    TokenIssuer issuer = new TokenIssuer(vertx, SigningKeys.from(config.auth()), config.auth());
    AuthService service = new AuthServiceImpl(vertx, s.pool(), hasher, issuer,
        new RevocationStore(redis, config.redis().keyPrefix(), config.redis().timeoutMs()), config.auth());
    // HTTP verticles start before the database verticles: this tells them the revocations can be loaded now.
    return s.serve(service, AuthService.OPERATIONS).onSuccess(v -> vertx.eventBus().publish(Addresses.AUTH_SERVICE_STARTED, null));
  }
}
