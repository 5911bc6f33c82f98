package org.clinicapi.auth.oidc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.ServiceException;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pending Google sign-ins: state → {verifier, nonce} in Redis for ten minutes. Kept in Redis rather than
 * in memory or a cookie so that any node can finish a flow another node started, and taken with GETDEL so
 * a state works once: a replayed callback finds nothing. Fails closed (503) when Redis does not answer within
 * REDIS_TIMEOUT_MS.
 */
public final class OidcStateStore {
  static final int TTL_SECONDS = 600;
  private final RedisAPI redis;
  private final String prefix;
  private final long timeoutMs;

  public OidcStateStore(RedisAPI redis, String keyPrefix, long timeoutMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.prefix = keyPrefix + "oidc-state:";
  }

  public record Pending(String verifier, String nonce) {
  }

  public Future<Void> put(String state, Pending pending) {
    String value = new JsonObject().put("verifier", pending.verifier()).put("nonce", pending.nonce()).encode();
    return redis.set(List.of(prefix + state, value, "EX", String.valueOf(TTL_SECONDS), "NX")).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(unavailable()))
        .compose(ok -> ok == null ? Future.failedFuture(unavailable()) : Future.succeededFuture());
  }

  /** The pending sign-in, removed as it is read; null when unknown, expired or already used. */
  public Future<Pending> take(String state) {
    return redis.getdel(prefix + state).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(unavailable()))
        .map(value -> {
          if (value == null) {
            return null;
          }
          JsonObject json = new JsonObject(value.toString());
          return new Pending(json.getString("verifier"), json.getString("nonce"));
        });
  }

  private static ServiceException unavailable() {
    return ServiceException.unavailable("Staff sign-in is temporarily unavailable. Try again shortly.");
  }
}
