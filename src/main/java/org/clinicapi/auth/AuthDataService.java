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
import org.clinicapi.database.DataService;

/** Binds {@code auth.service} in each database verticle. */
public final class AuthDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    Redis redis = RedisFactory.create(vertx, config.redis());
    PasswordHasher hasher = new PasswordHasher(vertx, config.auth().passwordHashThreads(), config.auth().passwordHashMaxQueued());
    TokenIssuer issuer = new TokenIssuer(vertx, SigningKeys.from(config.auth()), config.auth());
    AuthServiceImpl service = new AuthServiceImpl(vertx, pool, hasher, issuer,
        new RevocationStore(RedisAPI.api(redis), config.redis().keyPrefix()), config.auth());
    return new ServiceBinder(Addresses.AUTH_SERVICE)
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
