package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.auth.AuthRepository.Account;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.AuthConfig;

import java.util.List;
import java.util.UUID;

/**
 * The data side of identity (runs in the database verticles): accounts, sessions with rotating refresh
 * tokens, single-use tokens and the outbox rows they cause, each multi-statement change in one transaction.
 */
final class AuthServiceImpl {
  private static final ServiceException BAD_LOGIN = new ServiceException(ErrorCode.UNAUTHENTICATED, "Invalid email or password.");
  private static final ServiceException BAD_REFRESH = new ServiceException(ErrorCode.UNAUTHENTICATED, "The refresh token is invalid or expired.");
  private static final long RESET_TTL_SECONDS = 30 * 60;
  private static final long VERIFY_TTL_SECONDS = 7 * 24 * 3600;

  private final Vertx vertx;
  private final Pool pool;
  private final AuthRepository repo = new AuthRepository();
  private final PasswordHasher hasher;
  private final TokenIssuer issuer;
  private final RevocationStore revocations;
  private final AuthConfig auth;

  AuthServiceImpl(Vertx vertx, Pool pool, PasswordHasher hasher, TokenIssuer issuer, RevocationStore revocations, AuthConfig auth) {
    this.vertx = vertx;
    this.pool = pool;
    this.hasher = hasher;
    this.issuer = issuer;
    this.revocations = revocations;
    this.auth = auth;
  }

  /** {email, name, phone?, password, role?} → tokens; role defaults to patient (staff creation passes one). */
  Future<JsonObject> register(JsonObject in) {
    Role role = in.containsKey("role") ? Role.parse(in.getString("role")) : Role.PATIENT;
    return hasher.hash(in.getString("password")).compose(hash -> pool.withTransaction(sql ->
        repo.insertUser(sql, in.getString("email"), in.getString("name"), in.getString("phone"), role, hash)
            .recover(AuthServiceImpl::emailTaken)
            .compose(userId -> queueVerification(sql, userId).map(userId))
            .compose(userId -> repo.accountById(sql, userId))
            .compose(account -> newSession(sql, account))));
  }

  /** Staff account by an administrator: ready with a password, else an invitation (set-password link). */
  Future<JsonObject> createAccount(JsonObject in) {
    String password = in.getString("password");
    Future<String> hash = password == null ? Future.succeededFuture(null) : hasher.hash(password);
    return hash.compose(h -> pool.withTransaction(sql ->
        repo.insertUser(sql, in.getString("email"), in.getString("name"), in.getString("phone"), Role.parse(in.getString("role")), h)
            .recover(AuthServiceImpl::emailTaken)
            .compose(userId -> repo.addLocations(sql, userId, in.getJsonArray("locationIds")).map(userId))
            .compose(userId -> (h == null ? queueOneTime(sql, userId, "invite", VERIFY_TTL_SECONDS, "staff_invitation", "/set-password")
                : Future.<Void>succeededFuture()).map(new JsonObject().put("userId", userId.toString())))));
  }

  Future<JsonObject> login(JsonObject in) {
    return repo.accountByEmail(pool, in.getString("email")).compose(account -> hasher
        .verify(account == null ? null : account.passwordHash(), in.getString("password"))
        .compose(ok -> ok && account.active()
            ? pool.withTransaction(sql -> newSession(sql, account))
            : Future.failedFuture(BAD_LOGIN)));
  }

  /** Rotates the refresh token; a used one coming back revokes its whole session (reply {reused: true}). */
  Future<JsonObject> refresh(JsonObject in) {
    byte[] hash = SecretTokens.hash(in.getString("refreshToken", ""));
    return pool.withTransaction(sql -> repo.lockRefresh(sql, hash).compose(state -> {
      if (state == null || state.revoked() || state.expired()) {
        return Future.failedFuture(BAD_REFRESH);
      }
      if (state.used()) {
        return repo.revokeSession(sql, state.sessionId(), "refresh token reuse")
            .map(ids -> new JsonObject().put("reused", true).put("userId", state.userId().toString())
                .put("sessionId", state.sessionId().toString()));
      }
      String next = SecretTokens.generate();
      return repo.markRefreshUsed(sql, hash, state.sessionId())
          .compose(v -> repo.insertRefresh(sql, SecretTokens.hash(next), state.sessionId()))
          .compose(v -> repo.accountById(sql, state.userId()))
          .compose(account -> account == null || !account.active() ? Future.failedFuture(BAD_REFRESH)
              : Future.succeededFuture(tokens(account, state.sessionId(), next)));
    })).compose(reply -> reply.getBoolean("reused", false)
        ? revokeNow(List.of(UUID.fromString(reply.getString("sessionId")))).map(reply) : Future.succeededFuture(reply));
  }

  Future<JsonObject> logout(JsonObject in) {
    UUID sessionId = UUID.fromString(in.getString("sessionId"));
    return repo.revokeSession(pool, sessionId, "logout").compose(ids -> revokeNow(List.of(sessionId))).map(new JsonObject());
  }

  /** Always succeeds (no account enumeration); queues a reset link only for an active account. */
  Future<JsonObject> forgotPassword(JsonObject in) {
    return repo.accountByEmail(pool, in.getString("email")).compose(account -> account == null || !account.active()
        ? Future.succeededFuture(new JsonObject())
        : pool.withTransaction(sql -> queueOneTime(sql, account.id(), "reset_password", RESET_TTL_SECONDS, "password_reset", "/reset-password"))
            .map(new JsonObject()));
  }

  Future<JsonObject> resetPassword(JsonObject in) {
    byte[] hash = SecretTokens.hash(in.getString("token", ""));
    return hasher.hash(in.getString("newPassword")).compose(newHash -> pool.withTransaction(sql ->
        // A staff invitation's set-password link redeems its "invite" token here too.
        repo.consumeOneTime(sql, hash, "reset_password")
            .compose(userId -> userId != null ? Future.succeededFuture(userId) : repo.consumeOneTime(sql, hash, "invite"))
            .compose(userId -> userId == null ? badToken()
                : repo.setPassword(sql, userId, newHash)
                    .compose(v -> repo.revokeUserSessions(sql, userId, "password reset"))
                    .map(ids -> new Revoked(userId, ids)))))
        .compose(revoked -> revokeNow(revoked.sessionIds()).map(new JsonObject().put("userId", revoked.userId().toString())));
  }

  /** Sessions ended inside a transaction, to broadcast once it has committed. */
  private record Revoked(UUID userId, List<UUID> sessionIds) {
  }

  Future<JsonObject> verifyEmail(JsonObject in) {
    byte[] hash = SecretTokens.hash(in.getString("token", ""));
    return pool.withTransaction(sql -> repo.consumeOneTime(sql, hash, "verify_email").compose(userId -> userId == null
        ? badToken() : repo.setVerified(sql, userId).map(new JsonObject().put("userId", userId.toString()))));
  }

  /** Ends every session of a user now (role change, deactivation). */
  Future<JsonObject> revokeUserSessions(JsonObject in) {
    UUID userId = UUID.fromString(in.getString("userId"));
    return repo.revokeUserSessions(pool, userId, in.getString("reason", "revoked"))
        .compose(ids -> revokeNow(ids).map(new JsonObject().put("revoked", ids.size())));
  }

  /** A session for an account already authenticated another way (OpenID Connect). */
  Future<JsonObject> openSession(JsonObject in) {
    UUID userId = UUID.fromString(in.getString("userId"));
    return pool.withTransaction(sql -> repo.accountById(sql, userId).compose(account -> account == null || !account.active()
        ? Future.failedFuture(BAD_LOGIN) : newSession(sql, account)));
  }

  /**
   * {issuer, subject, email, name} of a checked Google identity → {userId, outcome: found|linked|created}: the
   * user already linked to it, else the staff account with that e-mail (linked now), else a new {@code user}.
   * A patient account is never linked: staff sign-in must not become a way into patient records or vice versa.
   */
  Future<JsonObject> oidcUser(JsonObject in) {
    String issuer = in.getString("issuer");
    String subject = in.getString("subject");
    return pool.withTransaction(sql -> repo.userByOidc(sql, issuer, subject).compose(found -> found != null
        ? staffOnly(found).map(id -> oidcReply(id, "found"))
        : repo.lockUserByEmail(sql, in.getString("email")).compose(byEmail -> byEmail == null
            ? repo.insertOidcUser(sql, in.getString("email"), in.getString("name"), issuer, subject).map(id -> oidcReply(id, "created"))
            : linkable(byEmail).compose(id -> repo.linkOidc(sql, id, issuer, subject)).map(v -> oidcReply(byEmail.id(), "linked")))));
  }

  private static Future<UUID> staffOnly(AuthRepository.OidcLink user) {
    return user.role() == Role.PATIENT
        ? Future.failedFuture(new ServiceException(ErrorCode.FORBIDDEN, "Patient accounts cannot use staff sign-in."))
        : Future.succeededFuture(user.id());
  }

  /** An account already tied to another identity (it was not found by this one) is not silently re-pointed. */
  private static Future<UUID> linkable(AuthRepository.OidcLink user) {
    if (user.subject() != null) {
      return Future.failedFuture(new ServiceException(ErrorCode.FORBIDDEN, "This e-mail belongs to an account linked to another Google account."));
    }
    return staffOnly(user);
  }

  private static JsonObject oidcReply(UUID userId, String outcome) {
    return new JsonObject().put("userId", userId.toString()).put("outcome", outcome);
  }

  private Future<JsonObject> newSession(SqlClient sql, Account account) {
    UUID sessionId = UUID.randomUUID();
    String refresh = SecretTokens.generate();
    return repo.insertSession(sql, sessionId, account.id(), AuthRepository.now().plusSeconds(auth.refreshTokenTtlSeconds()),
        SecretTokens.hash(refresh)).map(v -> tokens(account, sessionId, refresh));
  }

  private JsonObject tokens(Account account, UUID sessionId, String refresh) {
    return new JsonObject()
        .put("userId", account.id().toString())
        .put("sessionId", sessionId.toString())
        .put("accessToken", issuer.accessToken(account.id(), account.role(), account.locationIds(), sessionId))
        .put("refreshToken", refresh)
        .put("expiresIn", issuer.ttlSeconds())
        .put("csrfToken", SecretTokens.generate());
  }

  private Future<Void> queueVerification(SqlClient sql, UUID userId) {
    return queueOneTime(sql, userId, "verify_email", VERIFY_TTL_SECONDS, "welcome_verify_email", "/verify-email");
  }

  /** The link carries the secret; the table keeps only its hash. The outbox row is the one plaintext copy. */
  private Future<Void> queueOneTime(SqlClient sql, UUID userId, String purpose, long ttlSeconds, String kind, String path) {
    String token = SecretTokens.generate();
    return repo.insertOneTime(sql, SecretTokens.hash(token), userId, purpose, AuthRepository.now().plusSeconds(ttlSeconds))
        .compose(v -> repo.queue(sql, kind, "email", userId, new JsonObject()
            .put("link", auth.baseUrl() + path + "?token=" + token).put("expiresInSeconds", ttlSeconds)));
  }

  private Future<Void> revokeNow(List<UUID> sessionIds) {
    long until = System.currentTimeMillis() + (auth.accessTokenTtlSeconds() + 60) * 1000L;
    return revocations.revoke(vertx, sessionIds, until);
  }

  private static <T> Future<T> badToken() {
    return Future.failedFuture(ServiceException.validation(List.of(new FieldError("token", "is invalid, used or expired"))));
  }

  private static Future<UUID> emailTaken(Throwable e) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "An account with this email already exists.",
          List.of(new FieldError("email", "is already registered"))));
    }
    return Future.failedFuture(e);
  }
}
