package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.bus.Addresses;
import org.clinicapi.auth.AuthRepository.Account;
import org.clinicapi.auth.api.AuthService;
import org.clinicapi.auth.api.Credentials;
import org.clinicapi.auth.api.NewAccount;
import org.clinicapi.auth.api.OidcIdentity;
import org.clinicapi.auth.api.OidcUser;
import org.clinicapi.auth.api.PasswordReset;
import org.clinicapi.auth.api.Refreshed;
import org.clinicapi.auth.api.Registration;
import org.clinicapi.auth.api.RevokedSessions;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.api.Session;
import org.clinicapi.auth.api.SessionOpening;
import org.clinicapi.auth.api.SessionRevocation;
import org.clinicapi.auth.passwords.PasswordHasher;
import org.clinicapi.auth.sessions.RevocationStore;
import org.clinicapi.auth.tokens.SecretTokens;
import org.clinicapi.auth.tokens.TokenIssuer;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.AuthConfig;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The data side of identity (runs in the database verticles): accounts, sessions with rotating refresh
 * tokens, single-use tokens and the outbox rows they cause, each multi-statement change in one transaction.
 */
final class AuthServiceImpl implements AuthService {
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

  @Override
  public Future<Session> register(Registration in) {
    return hasher.hash(in.password()).compose(hash -> pool.withTransaction(sql ->
        NewUser.withPassword(in.email(), in.name(), in.phone(), Role.PATIENT, hash, false).insert(sql)
            .recover(AuthServiceImpl::emailTaken)
            .compose(userId -> queueVerification(sql, userId).map(userId))
            .compose(userId -> repo.accountById(sql, userId))
            .compose(account -> signedIn(sql, account, in.audit().withResource(account.id().toString(), account.id())))))
        .onSuccess(v -> outboxWritten());
  }

  @Override
  public Future<UUID> createAccount(NewAccount in) {
    Future<String> hash = in.password() == null ? Future.succeededFuture(null) : hasher.hash(in.password());
    return hash.compose(h -> pool.withTransaction(sql ->
        NewUser.withPassword(in.email(), in.name(), in.phone(), in.role(), h, false).insert(sql)
            .recover(AuthServiceImpl::emailTaken)
            .compose(userId -> repo.addLocations(sql, userId, in.locationIds()).map(userId))
            .compose(userId -> (h == null ? queueOneTime(sql, userId, "invite", VERIFY_TTL_SECONDS, "staff_invitation", "/set-password")
                : Future.<Void>succeededFuture()).map(userId))
            .compose(userId -> AuditLog.appendInTransaction(sql, in.audit().withResource(userId.toString(), null)).map(userId))))
        .onSuccess(v -> outboxWritten());
  }

  @Override
  public Future<Session> login(Credentials in) {
    return repo.accountByEmail(pool, in.email()).compose(account -> hasher
        .verify(account == null ? null : account.passwordHash(), in.password())
        .compose(ok -> ok && account.active()
            ? pool.withTransaction(sql -> signedIn(sql, account, in.audit().withResource(account.id().toString(), null)))
            : Future.failedFuture(BAD_LOGIN)));
  }

  @Override
  public Future<Refreshed> refresh(String refreshToken) {
    byte[] hash = SecretTokens.hash(Objects.requireNonNullElse(refreshToken, ""));
    return pool.withTransaction(sql -> repo.lockRefresh(sql, hash).compose(state -> {
      if (state == null || state.revoked() || state.expired()) {
        return Future.failedFuture(BAD_REFRESH);
      }
      if (state.used()) {
        return repo.revokeSession(sql, state.sessionId(), "refresh token reuse")
            .map(ids -> Refreshed.reused(state.userId(), state.sessionId()));
      }
      return rotate(sql, hash, state).map(Refreshed::rotated);
    })).compose(reply -> reply.reuse() == null ? Future.succeededFuture(reply)
        : revokeNow(List.of(reply.reuse().sessionId())).map(reply));
  }

  private Future<Session> rotate(SqlClient sql, byte[] used, AuthRepository.RefreshState state) {
    String next = SecretTokens.generate();
    return repo.markRefreshUsed(sql, used, state.sessionId())
        .compose(v -> repo.insertRefresh(sql, SecretTokens.hash(next), state.sessionId()))
        .compose(v -> repo.accountById(sql, state.userId()))
        .compose(account -> account == null || !account.active() ? Future.failedFuture(BAD_REFRESH)
            : Future.succeededFuture(tokens(account, state.sessionId(), next)));
  }

  @Override
  public Future<Void> logout(UUID sessionId) {
    return repo.revokeSession(pool, sessionId, "logout").compose(ids -> revokeNow(List.of(sessionId)));
  }

  @Override
  public Future<Void> forgotPassword(String email) {
    return repo.accountByEmail(pool, email).compose(account -> account == null || !account.active()
        ? Future.succeededFuture()
        : pool.withTransaction(sql -> queueOneTime(sql, account.id(), "reset_password", RESET_TTL_SECONDS, "password_reset",
            "/reset-password")).onSuccess(v -> outboxWritten()));
  }

  @Override
  public Future<UUID> resetPassword(PasswordReset in) {
    byte[] hash = SecretTokens.hash(Objects.requireNonNullElse(in.token(), ""));
    return hasher.hash(in.newPassword()).compose(newHash -> pool.withTransaction(sql ->
        // A staff invitation's set-password link redeems its "invite" token here too.
        repo.consumeOneTime(sql, hash, "reset_password")
            .compose(userId -> userId != null ? Future.succeededFuture(userId) : repo.consumeOneTime(sql, hash, "invite"))
            .compose(userId -> userId == null ? badToken()
                : repo.setPassword(sql, userId, newHash)
                    .compose(v -> repo.revokeUserSessions(sql, userId, "password reset"))
                    .map(ids -> new Revoked(userId, ids)))))
        .compose(revoked -> revokeNow(revoked.sessionIds()).map(revoked.userId()));
  }

  /** Sessions ended inside a transaction, to broadcast once it has committed. */
  private record Revoked(UUID userId, List<UUID> sessionIds) {
  }

  @Override
  public Future<UUID> verifyEmail(String token) {
    byte[] hash = SecretTokens.hash(Objects.requireNonNullElse(token, ""));
    return pool.withTransaction(sql -> repo.consumeOneTime(sql, hash, "verify_email").compose(userId -> userId == null
        ? badToken() : repo.setVerified(sql, userId).map(userId)));
  }

  @Override
  public Future<Integer> revokeUserSessions(SessionRevocation in) {
    return repo.revokeUserSessions(pool, in.userId(), Objects.requireNonNullElse(in.reason(), "revoked"))
        .compose(ids -> revokeNow(ids).map(ids.size()));
  }

  @Override
  public Future<Session> openSession(SessionOpening in) {
    return pool.withTransaction(sql -> repo.accountById(sql, in.userId()).compose(account -> account == null || !account.active()
        ? Future.failedFuture(BAD_LOGIN) : signedIn(sql, account, in.audit().withResource(account.id().toString(), null))));
  }

  /** A patient account is never linked: staff sign-in must not become a way into patient records or vice versa. */
  @Override
  public Future<OidcUser> oidcUser(OidcIdentity in) {
    return pool.withTransaction(sql -> repo.userByOidc(sql, in.issuer(), in.subject())
        .compose(found -> found != null ? staffOnly(found).map(id -> new OidcUser(id, OidcUser.Outcome.FOUND)) : firstSignIn(sql, in)));
  }

  /** No account has this identity yet: link the staff account with its e-mail, else create one. */
  private Future<OidcUser> firstSignIn(SqlClient sql, OidcIdentity in) {
    return repo.lockUserByEmail(sql, in.email()).compose(byEmail -> byEmail == null
        ? NewUser.oidc(in.email(), in.name(), in.issuer(), in.subject()).insert(sql)
            .map(id -> new OidcUser(id, OidcUser.Outcome.CREATED))
        : linkable(byEmail).compose(id -> repo.linkOidc(sql, id, in.issuer(), in.subject()))
            .map(v -> new OidcUser(byEmail.id(), OidcUser.Outcome.LINKED)));
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

  /** A new session and its sign-in event, the account as actor: the last statements of the transaction. */
  private Future<Session> signedIn(SqlClient sql, Account account, AuditEvent audit) {
    return newSession(sql, account).compose(session -> AuditLog
        .appendInTransaction(sql, audit.byActor(account.id(), account.role().wire())).map(session));
  }

  private Future<Session> newSession(SqlClient sql, Account account) {
    UUID sessionId = UUID.randomUUID();
    String refresh = SecretTokens.generate();
    return repo.insertSession(sql, sessionId, account.id(), AuthRepository.now().plusSeconds(auth.refreshTokenTtlSeconds()),
        SecretTokens.hash(refresh)).map(v -> tokens(account, sessionId, refresh));
  }

  private Session tokens(Account account, UUID sessionId, String refresh) {
    return new Session(account.id(), sessionId, issuer.accessToken(account.id(), account.role(), account.locationIds(), sessionId),
        refresh, issuer.ttlSeconds(), SecretTokens.generate());
  }

  /** After a commit that queued an e-mail: the dispatchers send it now instead of at their next poll. */
  private void outboxWritten() {
    vertx.eventBus().publish(Addresses.COMMUNICATIONS_WAKE, null);
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
    return revocations.revoke(vertx, sessionIds, System.currentTimeMillis() + revocationWindowMs());
  }

  @Override
  public Future<RevokedSessions> recentlyRevoked() {
    return repo.recentlyRevoked(pool, revocationWindowMs()).map(RevokedSessions::new);
  }

  /** How long a revocation must be remembered: as long as an access token of the session may live, and a minute of clock skew. */
  private long revocationWindowMs() {
    return (auth.accessTokenTtlSeconds() + 60) * 1000L;
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
