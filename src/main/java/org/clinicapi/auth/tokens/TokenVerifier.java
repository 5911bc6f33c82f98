package org.clinicapi.auth.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.sessions.RevocationList;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.AuthConfig;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Verifies access tokens against the configured algorithm's public keys (current and previous), issuer
 * and audience, then checks the session is not revoked. A verified token is cached until it expires
 * (bounded), so the signature is checked once per token, not once per request.
 */
public final class TokenVerifier {
  private static final ServiceException INVALID = new ServiceException(ErrorCode.UNAUTHENTICATED, "The access token is invalid or expired.");
  private static final ServiceException REVOKED = new ServiceException(ErrorCode.UNAUTHENTICATED, "The session has ended. Sign in again.");

  private final JWTAuth jwt;
  private final RevocationList revocations;
  private final Cache<String, Verified> cache;

  private record Verified(CurrentUser user, long expiresAtMs) {
  }

  public TokenVerifier(Vertx vertx, SigningKeys keys, AuthConfig auth, RevocationList revocations) {
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setIssuer(auth.issuer()).setAudience(List.of(auth.audience())).setLeeway(5));
    keys.publicKeys().forEach(options::addPubSecKey);
    this.jwt = JWTAuth.create(vertx, options);
    this.revocations = revocations;
    this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfter(new Expiry<String, Verified>() {
      @Override
      public long expireAfterCreate(String key, Verified value, long currentTime) {
        return Math.max(0, value.expiresAtMs - System.currentTimeMillis()) * 1_000_000L;
      }

      @Override
      public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
        return currentDuration;
      }

      @Override
      public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
  }

  public Future<CurrentUser> verify(String token) {
    Verified known = cache.getIfPresent(token);
    if (known != null && known.expiresAtMs > System.currentTimeMillis()) {
      return checkSession(known.user);
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(INVALID))
        .compose(user -> {
          Verified verified = fromClaims(user.attributes().getJsonObject("accessToken"));
          if (verified == null) {
            return Future.failedFuture(INVALID);
          }
          cache.put(token, verified);
          return checkSession(verified.user);
        });
  }

  private Future<CurrentUser> checkSession(CurrentUser user) {
    return revocations.isRevoked(user.sessionId()) ? Future.failedFuture(REVOKED) : Future.succeededFuture(user);
  }

  /** Every claim this API relies on must be present and well formed, whatever the signature says. */
  static Verified fromClaims(JsonObject claims) {
    try {
      Role role = Role.parse(claims.getString("role"));
      Set<UUID> locs = claims.getJsonArray("locs").stream().map(o -> UUID.fromString((String) o)).collect(Collectors.toUnmodifiableSet());
      UUID subject = UUID.fromString(claims.getString("sub"));
      UUID session = UUID.fromString(claims.getString("sid"));
      Long exp = claims.getLong("exp");
      if (role == null || exp == null || claims.getString("jti") == null) {
        return null;
      }
      return new Verified(new CurrentUser(subject, role, locs, session), exp * 1000);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
