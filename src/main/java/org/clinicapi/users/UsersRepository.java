package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.db.Like;
import org.clinicapi.users.api.ProfileChange;
import org.clinicapi.users.api.UserView;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL of user profiles, role and location assignments. */
final class UsersRepository {
  private static final String COLUMNS = """
      u.id, u.email, u.name, u.phone, u.role, u.email_verified, u.active, u.notify_sms, u.notify_email,
      u.created_at, u.updated_at, ARRAY(SELECT location_id FROM user_locations ul WHERE ul.user_id = u.id) AS locs
      """;
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM users u WHERE u.id = $1";
  /**
   * Keyset page, newest first. Scope: $1 true = every user (superadmin); else staff sharing one of the
   * caller's locations ($2), signed-in staff still waiting for a role (role 'user'), patients with an appointment at one of them, and any patient whose exact
   * e-mail address is the search (so staff can find a new patient to book without browsing everyone).
   * Filters are optional ($3 role, $4 location, $5 search, LIKE wildcards escaped by the caller).
   */
  private static final String LIST = "SELECT " + COLUMNS + """
       FROM users u
      WHERE ($1
             OR EXISTS (SELECT 1 FROM user_locations s WHERE s.user_id = u.id AND s.location_id = ANY($2))
             OR u.role = 'user'
             OR (u.role = 'patient'
                 AND (u.email = $5::citext
                      OR EXISTS (SELECT 1 FROM appointments a
                                  WHERE a.patient_id = u.id AND a.location_id = ANY($2) AND a.status <> 'held'))))
        AND ($3::text IS NULL OR u.role = $3)
        AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM user_locations f WHERE f.user_id = u.id AND f.location_id = $4))
        AND ($5::text IS NULL OR u.name ILIKE '%' || $9 || '%' OR u.email ILIKE '%' || $9 || '%')
        AND ($6::timestamptz IS NULL OR (u.created_at, u.id) < ($6, $7))
      ORDER BY u.created_at DESC, u.id DESC
      LIMIT $8
      """;
  private static final String UPDATE_ME = """
      UPDATE users SET name = coalesce($2, name), phone = CASE WHEN $3 THEN $4 ELSE phone END,
             notify_sms = coalesce($5, notify_sms), notify_email = coalesce($6, notify_email), updated_at = now()
       WHERE id = $1
      """;
  private static final String UPDATE_ADMIN = """
      UPDATE users SET role = coalesce($2, role), active = coalesce($3, active), updated_at = now() WHERE id = $1
      """;
  private static final String CLEAR_LOCATIONS = "DELETE FROM user_locations WHERE user_id = $1";
  private static final String ADD_LOCATION = "INSERT INTO user_locations (user_id, location_id) VALUES ($1, $2)";

  /** The user, or null. */
  Future<UserView> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  Future<RowSet<Row>> list(SqlClient sql, boolean all, UUID[] callerLocations, String role, UUID locationId, String search,
      OffsetDateTime afterCreated, UUID afterId, int limit) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(all, callerLocations, role, locationId,
        search, afterCreated, afterId, limit, search == null ? null : Like.escape(search))));
  }

  Future<Void> updateMe(SqlClient sql, ProfileChange c) {
    return sql.preparedQuery(UPDATE_ME).execute(Tuple.from(Arrays.asList(c.id(), c.name(), c.phoneSet(), c.phone(),
        c.notifySms(), c.notifyEmail()))).mapEmpty();
  }

  Future<Void> updateAdmin(SqlClient sql, UUID id, String role, Boolean active) {
    return sql.preparedQuery(UPDATE_ADMIN).execute(Tuple.from(Arrays.asList(id, role, active))).mapEmpty();
  }

  Future<Void> replaceLocations(SqlClient sql, UUID userId, List<UUID> locationIds) {
    List<Tuple> rows = locationIds.stream().map(l -> Tuple.of(userId, l)).toList();
    Future<Void> cleared = sql.preparedQuery(CLEAR_LOCATIONS).execute(Tuple.of(userId)).mapEmpty();
    return rows.isEmpty() ? cleared : cleared.compose(v -> sql.preparedQuery(ADD_LOCATION).executeBatch(rows)).mapEmpty();
  }

  static UserView view(Row row) {
    return new UserView(row.getUUID("id"), row.getString("email"), row.getString("name"), row.getString("phone"),
        Role.parse(row.getString("role")), List.of(row.getArrayOfUUIDs("locs")), row.getBoolean("email_verified"),
        row.getBoolean("active"), new UserView.Notifications(row.getBoolean("notify_sms"), row.getBoolean("notify_email")),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
