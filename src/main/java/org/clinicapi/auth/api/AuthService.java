package org.clinicapi.auth.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code auth.service} (served by the database verticles): accounts, sessions with
 * rotating refresh tokens, and single-use tokens with the outbox rows they cause. Callers (the routes)
 * validate and throttle first; every multi-statement change is one transaction.
 */
public interface AuthService {

  /**
   * A new patient account and its first session; queues the e-mail verification link. 409 if the e-mail is taken.
   * Every method that opens a session or creates an account commits the request's audit event with it.
   */
  Future<Session> register(Registration registration);

  /** Staff account by an administrator: ready with a password, else an invitation (set-password link). */
  Future<UUID> createAccount(NewAccount account);

  /** A new session for an active account with that password; 401 otherwise (the same answer either way). */
  Future<Session> login(Credentials credentials);

  /** Rotates the refresh token; a used one coming back revokes its whole session ({@link Refreshed#reuse()}). */
  Future<Refreshed> refresh(String refreshToken);

  /** Ends the session now, on every node. */
  Future<Void> logout(UUID sessionId);

  /** Always succeeds (no account enumeration); queues a reset link only for an active account. */
  Future<Void> forgotPassword(String email);

  /** Sets the password with a reset (or invitation) token and ends the user's sessions; replies the user. */
  Future<UUID> resetPassword(PasswordReset reset);

  /** Marks the token's user verified; replies the user. */
  Future<UUID> verifyEmail(String token);

  /** Ends every session of a user now (role change, deactivation); replies how many. */
  Future<Integer> revokeUserSessions(SessionRevocation revocation);

  /** A session for an account already authenticated another way (OpenID Connect); 401 if it is inactive. */
  Future<Session> openSession(SessionOpening opening);

  /**
   * The account of a checked Google identity: the user already linked to it, else the staff account with
   * that e-mail (linked now), else a new {@code user}. A patient account is never linked (403).
   */
  Future<OidcUser> oidcUser(OidcIdentity identity);

  /**
   * The sessions revoked within an access token's lifetime, from PostgreSQL (the durable record): how a node
   * fills its revocation list when Redis, which also carries them, lost them or missed some while it was down.
   */
  Future<RevokedSessions> recentlyRevoked();

  Operation<AuthService, Registration, Session> REGISTER = op("register", AuthService::register);
  Operation<AuthService, NewAccount, UUID> CREATE_ACCOUNT = op("createAccount", AuthService::createAccount);
  Operation<AuthService, Credentials, Session> LOGIN = op("login", AuthService::login);
  Operation<AuthService, String, Refreshed> REFRESH = op("refresh", AuthService::refresh);
  Operation<AuthService, UUID, Void> LOGOUT = op("logout", AuthService::logout);
  Operation<AuthService, String, Void> FORGOT_PASSWORD = op("forgotPassword", AuthService::forgotPassword);
  Operation<AuthService, PasswordReset, UUID> RESET_PASSWORD = op("resetPassword", AuthService::resetPassword);
  Operation<AuthService, String, UUID> VERIFY_EMAIL = op("verifyEmail", AuthService::verifyEmail);
  Operation<AuthService, SessionRevocation, Integer> REVOKE_USER_SESSIONS = op("revokeUserSessions", AuthService::revokeUserSessions);
  Operation<AuthService, SessionOpening, Session> OPEN_SESSION = op("openSession", AuthService::openSession);
  Operation<AuthService, OidcIdentity, OidcUser> OIDC_USER = op("oidcUser", AuthService::oidcUser);
  Operation<AuthService, Void, RevokedSessions> RECENTLY_REVOKED = op("recentlyRevoked", (service, none) -> service.recentlyRevoked());

  List<Operation<AuthService, ?, ?>> OPERATIONS = List.of(REGISTER, CREATE_ACCOUNT, LOGIN, REFRESH, LOGOUT, FORGOT_PASSWORD,
      RESET_PASSWORD, VERIFY_EMAIL, REVOKE_USER_SESSIONS, OPEN_SESSION, OIDC_USER, RECENTLY_REVOKED);

  private static <I, O> Operation<AuthService, I, O> op(String name, Operation.Invoker<AuthService, I, O> invoker) {
    return Operation.of(Addresses.AUTH_SERVICE, name, invoker);
  }
}
