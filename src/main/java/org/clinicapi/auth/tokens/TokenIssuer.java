package org.clinicapi.auth.tokens;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Ids;
import org.clinicapi.config.AuthConfig;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Signs access tokens: {@code iss aud sub role locs sid jti iat exp}, with the current key's {@code kid}. */
public final class TokenIssuer {
  private final JWTAuth jwt;
  private final AuthConfig auth;
  private final SigningKeys keys;

  public TokenIssuer(Vertx vertx, SigningKeys keys, AuthConfig auth) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(keys.signingKey()));
    this.auth = auth;
    this.keys = keys;
  }

  public String accessToken(UUID userId, Role role, Set<UUID> locationIds, UUID sessionId) {
    JsonArray locs = new JsonArray();
    locationIds.forEach(l -> locs.add(l.toString()));
    JsonObject claims = new JsonObject().put("role", role.wire()).put("locs", locs).put("sid", sessionId.toString())
        .put("jti", Ids.random().toString());
    JWTOptions options = new JWTOptions()
        .setAlgorithm(keys.algorithm())
        .setExpiresInSeconds(auth.accessTokenTtlSeconds())
        .setIssuer(auth.issuer())
        .setAudience(List.of(auth.audience()))
        .setSubject(userId.toString())
        .setHeader(new JsonObject().put("kid", keys.currentKid()));
    return jwt.generateToken(claims, options);
  }

  public int ttlSeconds() {
    return auth.accessTokenTtlSeconds();
  }
}
