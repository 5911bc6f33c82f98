package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code auth.service} in each database verticle. */
public final class AuthDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    Redis redis = RedisFactory.create(vertx, config.redis());
    PasswordHasher hasher = new PasswordHasher(vertx, config.auth().passwordHashThreads(), config.auth().passwordHashMaxQueued());
    TokenIssuer issuer = new TokenIssuer(vertx, SigningKeys.from(config.auth()), config.auth());
    AuthServiceImpl service = new AuthServiceImpl(vertx, pool, hasher, issuer,
        new RevocationStore(RedisAPI.api(redis), config.redis().keyPrefix()), config.auth());
    return ServiceBinder.json(Addresses.AUTH_SERVICE)
        .on("register", service::register)
        .on("login", service::login)
        .on("refresh", service::refresh)
        .on("logout", service::logout)
        .on("forgotPassword", service::forgotPassword)
        .on("resetPassword", service::resetPassword)
        .on("verifyEmail", service::verifyEmail)
        .on("revokeUserSessions", service::revokeUserSessions)
        .on("openSession", service::openSession)
        .on("oidcUser", service::oidcUser)
        .on("createAccount", service::createAccount)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
