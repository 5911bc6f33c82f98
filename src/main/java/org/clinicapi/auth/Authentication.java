package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.sessions.RevocationList;
import org.clinicapi.auth.sessions.RevocationStore;
import org.clinicapi.auth.sessions.RevocationSubscriber;
import org.clinicapi.auth.tokens.SigningKeys;
import org.clinicapi.auth.tokens.TokenVerifier;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;

/**
 * Per HTTP verticle: the handler that verifies access tokens (no database read per request), the
 * public keys it trusts (served as the JWKS), and the revocation list it keeps current from Redis
 * pub/sub and the bus, reloaded from Redis and PostgreSQL whenever its subscription is (re)established. {@link #close()} when the verticle stops.
 */
public final class Authentication {
  private final AuthenticationHandler handler;
  private final SigningKeys keys;
  private final RevocationSubscriber subscriber;

  private Authentication(AuthenticationHandler handler, SigningKeys keys, RevocationSubscriber subscriber) {
    this.handler = handler;
    this.keys = keys;
    this.subscriber = subscriber;
  }

  /** {@code authenticated} runs after every successful authentication (the per-user rate limit). */
  public static Future<Authentication> start(Vertx vertx, AppConfig config, RedisAPI redis, BusClient bus,
      Handler<RoutingContext> authenticated) {
    SigningKeys keys = SigningKeys.from(config.auth());
    RevocationList revocations = new RevocationList();
    AuthenticationHandler handler = new AuthenticationHandler(new TokenVerifier(vertx, keys, config.auth(), revocations),
        authenticated);
    // Its own connection: a subscribed Redis connection can do nothing else. It loads the list on (re)connect,
    // from Redis and from PostgreSQL through the auth service.
    RevocationSubscriber subscriber = new RevocationSubscriber(vertx, RedisFactory.create(vertx, config.redis()),
        new RevocationStore(redis, config.redis().keyPrefix(), config.redis().timeoutMs()), revocations,
        () -> bus.request(AuthService.RECENTLY_REVOKED, null));
    vertx.eventBus().consumer(Addresses.AUTH_SERVICE_STARTED, m -> subscriber.reloadDurable());
    return vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_SESSIONS_REVOKED, m -> RevocationStore.apply(m.body(), revocations))
        .completion()
        .compose(v -> subscriber.start())
        .map(v -> new Authentication(handler, keys, subscriber));
  }

  /** Verifies the access token (or cookie) and sets {@code CurrentUser}; first in every protected route. */
  public Handler<RoutingContext> handler() {
    return handler;
  }

  /** The JSON Web Key Set of the keys access tokens may be signed with. */
  public JsonObject jwks() {
    return keys.jwks();
  }

  public Future<Void> close() {
    return subscriber.close();
  }
}
