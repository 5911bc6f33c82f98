package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.auth.api.RevokedSessions;
import org.clinicapi.auth.api.Role;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** SQL of accounts, sessions, refresh tokens, one-time tokens and the outbox (new user rows: {@link NewUser}). */
final class AuthRepository {
  private static final String ACCOUNT_BY_EMAIL = """
      SELECT id, password_hash, role, active,
             ARRAY(SELECT location_id FROM user_locations ul WHERE ul.user_id = u.id) AS locs
        FROM users u WHERE email = $1
      """;
  private static final String ACCOUNT_BY_ID = """
      SELECT id, password_hash, role, active,
             ARRAY(SELECT location_id FROM user_locations ul WHERE ul.user_id = u.id) AS locs
        FROM users u WHERE id = $1
      """;
  private static final String INSERT_SESSION = "INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, $3)";
  private static final String INSERT_REFRESH = "INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)";
  private static final String REFRESH_FOR_UPDATE = """
      SELECT r.used_at, s.id AS session_id, s.user_id, s.revoked_at, s.expires_at
        FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
       WHERE r.token_hash = $1 FOR UPDATE OF r, s
      """;
  private static final String MARK_REFRESH_USED = "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1";
  private static final String TOUCH_SESSION = "UPDATE sessions SET last_used_at = now() WHERE id = $1";
  private static final String REVOKE_SESSION = """
      UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id
      """;
  private static final String REVOKE_USER_SESSIONS = """
      UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id
      """;
  /** $1 the window in milliseconds: sessions revoked within it, each with the end of its window (index V23). */
  private static final String RECENTLY_REVOKED = """
      SELECT id, (extract(epoch FROM revoked_at) * 1000)::bigint + $1 AS until_ms FROM sessions
       WHERE revoked_at IS NOT NULL AND revoked_at > now() - $1 * interval '1 millisecond'
      """;
  private static final String INSERT_ONE_TIME = """
      INSERT INTO one_time_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)
      """;
  private static final String CONSUME_ONE_TIME = """
      UPDATE one_time_tokens SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id
      """;
  private static final String SET_PASSWORD = "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1";
  private static final String SET_VERIFIED = "UPDATE users SET email_verified = true, updated_at = now() WHERE id = $1";
  private static final String ADD_LOCATION = "INSERT INTO user_locations (user_id, location_id) VALUES ($1, $2)";
  private static final String USER_BY_OIDC = """
      SELECT id, role, oidc_issuer, oidc_subject FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2
      """;
  private static final String USER_BY_EMAIL_FOR_UPDATE = """
      SELECT id, role, oidc_issuer, oidc_subject FROM users WHERE email = $1 FOR UPDATE
      """;
  private static final String LINK_OIDC = """
      UPDATE users SET oidc_issuer = $2, oidc_subject = $3, email_verified = true, updated_at = now() WHERE id = $1
      """;
  private static final String INSERT_OUTBOX = "INSERT INTO outbox (kind, channel, user_id, payload) VALUES ($1, $2, $3, $4)";

  record Account(UUID id, String passwordHash, Role role, boolean active, Set<UUID> locationIds) {
  }

  /** A user as staff sign-in sees it: who, which role, and the OpenID Connect identity linked, if any. */
  record OidcLink(UUID id, Role role, String issuer, String subject) {
  }

  record RefreshState(boolean used, UUID sessionId, UUID userId, boolean revoked, boolean expired) {
  }

  Future<Void> addLocations(SqlClient sql, UUID userId, List<UUID> locationIds) {
    List<Tuple> rows = locationIds.stream().map(l -> Tuple.of(userId, l)).toList();
    return rows.isEmpty() ? Future.succeededFuture() : sql.preparedQuery(ADD_LOCATION).executeBatch(rows).mapEmpty();
  }

  Future<Account> accountByEmail(SqlClient sql, String email) {
    return sql.preparedQuery(ACCOUNT_BY_EMAIL).execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  Future<Account> accountById(SqlClient sql, UUID id) {
    return sql.preparedQuery(ACCOUNT_BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  Future<Void> insertSession(SqlClient sql, UUID sessionId, UUID userId, OffsetDateTime expiresAt, byte[] refreshHash) {
    return sql.preparedQuery(INSERT_SESSION).execute(Tuple.of(sessionId, userId, expiresAt))
        .compose(v -> insertRefresh(sql, refreshHash, sessionId));
  }

  Future<Void> insertRefresh(SqlClient sql, byte[] refreshHash, UUID sessionId) {
    return sql.preparedQuery(INSERT_REFRESH).execute(Tuple.of(Buffer.buffer(refreshHash), sessionId)).mapEmpty();
  }

  Future<RefreshState> lockRefresh(SqlClient sql, byte[] refreshHash) {
    return sql.preparedQuery(REFRESH_FOR_UPDATE).execute(Tuple.of(Buffer.buffer(refreshHash))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new RefreshState(row.getValue("used_at") != null, row.getUUID("session_id"), row.getUUID("user_id"),
          row.getValue("revoked_at") != null, row.getOffsetDateTime("expires_at").isBefore(now()));
    });
  }

  Future<Void> markRefreshUsed(SqlClient sql, byte[] refreshHash, UUID sessionId) {
    return sql.preparedQuery(MARK_REFRESH_USED).execute(Tuple.of(Buffer.buffer(refreshHash)))
        .compose(v -> sql.preparedQuery(TOUCH_SESSION).execute(Tuple.of(sessionId))).mapEmpty();
  }

  Future<List<UUID>> revokeSession(SqlClient sql, UUID sessionId, String reason) {
    return sql.preparedQuery(REVOKE_SESSION).execute(Tuple.of(sessionId, reason)).map(rows -> ids(rows));
  }

  Future<List<UUID>> revokeUserSessions(SqlClient sql, UUID userId, String reason) {
    return sql.preparedQuery(REVOKE_USER_SESSIONS).execute(Tuple.of(userId, reason)).map(rows -> ids(rows));
  }

  Future<List<RevokedSessions.Revoked>> recentlyRevoked(SqlClient sql, long windowMs) {
    return sql.preparedQuery(RECENTLY_REVOKED).execute(Tuple.of(windowMs)).map(rows -> {
      List<RevokedSessions.Revoked> revoked = new java.util.ArrayList<>();
      rows.forEach(r -> revoked.add(new RevokedSessions.Revoked(r.getUUID("id"), r.getLong("until_ms"))));
      return revoked;
    });
  }

  Future<Void> insertOneTime(SqlClient sql, byte[] hash, UUID userId, String purpose, OffsetDateTime expiresAt) {
    return sql.preparedQuery(INSERT_ONE_TIME).execute(Tuple.of(Buffer.buffer(hash), userId, purpose, expiresAt)).mapEmpty();
  }

  /** Marks a live token used and returns its user, or null when unknown, used or expired. */
  Future<UUID> consumeOneTime(SqlClient sql, byte[] hash, String purpose) {
    return sql.preparedQuery(CONSUME_ONE_TIME).execute(Tuple.of(Buffer.buffer(hash), purpose))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("user_id"));
  }

  Future<Void> setPassword(SqlClient sql, UUID userId, String hash) {
    return sql.preparedQuery(SET_PASSWORD).execute(Tuple.of(userId, hash)).mapEmpty();
  }

  Future<Void> setVerified(SqlClient sql, UUID userId) {
    return sql.preparedQuery(SET_VERIFIED).execute(Tuple.of(userId)).mapEmpty();
  }

  Future<OidcLink> userByOidc(SqlClient sql, String issuer, String subject) {
    return sql.preparedQuery(USER_BY_OIDC).execute(Tuple.of(issuer, subject)).map(rows -> rows.size() == 0 ? null : link(rows.iterator().next()));
  }

  /** Locks the row so that two first sign-ins of the same person cannot both link or both create. */
  Future<OidcLink> lockUserByEmail(SqlClient sql, String email) {
    return sql.preparedQuery(USER_BY_EMAIL_FOR_UPDATE).execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? null : link(rows.iterator().next()));
  }

  Future<Void> linkOidc(SqlClient sql, UUID userId, String issuer, String subject) {
    return sql.preparedQuery(LINK_OIDC).execute(Tuple.of(userId, issuer, subject)).mapEmpty();
  }

  Future<Void> queue(SqlClient sql, String kind, String channel, UUID userId, JsonObject payload) {
    return sql.preparedQuery(INSERT_OUTBOX).execute(Tuple.of(kind, channel, userId, payload)).mapEmpty();
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static Account account(Row row) {
    Set<UUID> locs = List.of(row.getArrayOfUUIDs("locs")).stream().collect(Collectors.toUnmodifiableSet());
    return new Account(row.getUUID("id"), row.getString("password_hash"), Role.parse(row.getString("role")),
        row.getBoolean("active"), locs);
  }

  private static OidcLink link(Row row) {
    return new OidcLink(row.getUUID("id"), Role.parse(row.getString("role")), row.getString("oidc_issuer"), row.getString("oidc_subject"));
  }

  private static List<UUID> ids(io.vertx.sqlclient.RowSet<Row> rows) {
    List<UUID> ids = new java.util.ArrayList<>();
    rows.forEach(r -> ids.add(r.getUUID("id")));
    return ids;
  }
}
