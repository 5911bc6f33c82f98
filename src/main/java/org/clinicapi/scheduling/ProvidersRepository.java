package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL of provider profiles, their locations, weekly hours and time off. */
final class ProvidersRepository {
  private static final String COLUMNS = """
      u.id, u.name, u.created_at, p.user_id IS NOT NULL AS has_profile, p.specialty, p.bio, p.fee_amount, p.fee_currency,
      p.slot_minutes, p.rating_average, p.rating_count,
      ARRAY(SELECT location_id FROM provider_locations pl WHERE pl.provider_id = u.id) AS locs,
      ARRAY(SELECT location_id FROM user_locations ul WHERE ul.user_id = u.id) AS staff_locs
      """;
  private static final String FROM = " FROM users u LEFT JOIN providers p ON p.user_id = u.id WHERE u.role = 'provider' AND u.active";
  private static final String BY_ID = "SELECT " + COLUMNS + FROM + " AND u.id = $1";
  /** Profiles only, newest first, keyset-paged; filters optional ($1 location, $2 specialty, $3 search). */
  private static final String LIST = "SELECT " + COLUMNS + FROM + """
        AND p.user_id IS NOT NULL
        AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM provider_locations f WHERE f.provider_id = u.id AND f.location_id = $1))
        AND ($2::text IS NULL OR lower(p.specialty) = lower($2))
        AND ($3::text IS NULL OR u.name ILIKE '%' || $3 || '%' OR p.specialty ILIKE '%' || $3 || '%')
        AND ($4::timestamptz IS NULL OR (u.created_at, u.id) < ($4, $5))
      ORDER BY u.created_at DESC, u.id DESC
      LIMIT $6
      """;
  private static final String UPSERT = """
      INSERT INTO providers (user_id, specialty, bio, fee_amount, fee_currency) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (user_id) DO UPDATE SET specialty = EXCLUDED.specialty, bio = EXCLUDED.bio, fee_amount = EXCLUDED.fee_amount,
             fee_currency = EXCLUDED.fee_currency, updated_at = now()
      """;
  private static final String KNOWN_LOCATIONS = "SELECT count(*) FROM locations WHERE id = ANY($1)";
  private static final String DROP_LOCATIONS = "DELETE FROM provider_locations WHERE provider_id = $1 AND NOT (location_id = ANY($2))";
  private static final String ADD_LOCATION = "INSERT INTO provider_locations (provider_id, location_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String SET_SLOT = "UPDATE providers SET slot_minutes = $2, updated_at = now() WHERE user_id = $1";
  private static final String CLEAR_HOURS = "DELETE FROM provider_schedules WHERE provider_id = $1";
  private static final String ADD_HOURS = """
      INSERT INTO provider_schedules (provider_id, location_id, weekday, start_time, end_time) VALUES ($1, $2, $3, $4, $5)
      """;
  private static final String HOURS = """
      SELECT s.location_id, s.weekday, s.start_time, s.end_time, l.time_zone
        FROM provider_schedules s JOIN locations l ON l.id = s.location_id
       WHERE s.provider_id = $1 AND ($2::uuid IS NULL OR s.location_id = $2)
       ORDER BY s.weekday, s.start_time
      """;
  private static final String TIME_OFF = """
      SELECT location_id, starts_at, ends_at FROM provider_time_off
       WHERE provider_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
      """;
  private static final String ADD_TIME_OFF = """
      INSERT INTO provider_time_off (provider_id, location_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, $5)
      RETURNING id, provider_id, location_id, starts_at, ends_at, reason
      """;
  private static final String DELETE_TIME_OFF = "DELETE FROM provider_time_off WHERE id = $1 AND provider_id = $2";

  Future<Row> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  Future<RowSet<Row>> list(SqlClient sql, UUID location, String specialty, String search, OffsetDateTime afterCreated,
      UUID afterId, int limit) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(location, specialty, search, afterCreated, afterId, limit)));
  }

  Future<Long> knownLocations(SqlClient sql, UUID[] ids) {
    return sql.preparedQuery(KNOWN_LOCATIONS).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> upsert(SqlClient sql, UUID id, JsonObject profile) {
    JsonObject fee = profile.getJsonObject("fee");
    return sql.preparedQuery(UPSERT).execute(Tuple.of(id, profile.getString("specialty"), profile.getString("bio"),
        fee.getLong("amount"), fee.getString("currency"))).mapEmpty();
  }

  /** Removing a location from a profile removes its hours too (cascade). */
  Future<Void> replaceLocations(SqlClient sql, UUID id, UUID[] locations) {
    List<Tuple> rows = Arrays.stream(locations).map(l -> Tuple.of(id, l)).toList();
    Future<Void> dropped = sql.preparedQuery(DROP_LOCATIONS).execute(Tuple.of(id).addArrayOfUUID(locations)).mapEmpty();
    return rows.isEmpty() ? dropped : dropped.compose(v -> sql.preparedQuery(ADD_LOCATION).executeBatch(rows)).mapEmpty();
  }

  Future<Void> replaceHours(SqlClient sql, UUID id, int slotMinutes, JsonArray hours) {
    List<Tuple> rows = new ArrayList<>();
    hours.forEach(h -> {
      JsonObject e = (JsonObject) h;
      rows.add(Tuple.of(id, UUID.fromString(e.getString("locationId")), e.getInteger("weekday").shortValue(),
          LocalTime.parse(e.getString("start")), LocalTime.parse(e.getString("end"))));
    });
    Future<Void> cleared = sql.preparedQuery(SET_SLOT).execute(Tuple.of(id, slotMinutes))
        .compose(v -> sql.preparedQuery(CLEAR_HOURS).execute(Tuple.of(id))).mapEmpty();
    return rows.isEmpty() ? cleared : cleared.compose(v -> sql.preparedQuery(ADD_HOURS).executeBatch(rows)).mapEmpty();
  }

  Future<RowSet<Row>> hours(SqlClient sql, UUID id, UUID location) {
    return sql.preparedQuery(HOURS).execute(Tuple.of(id, location));
  }

  Future<List<SlotCalculator.Busy>> timeOff(SqlClient sql, UUID id, Instant from, Instant to) {
    return sql.preparedQuery(TIME_OFF).execute(Tuple.of(id, utc(from), utc(to))).map(rows -> {
      List<SlotCalculator.Busy> out = new ArrayList<>();
      rows.forEach(r -> out.add(new SlotCalculator.Busy(r.getUUID("location_id"), r.getOffsetDateTime("starts_at").toInstant(),
          r.getOffsetDateTime("ends_at").toInstant())));
      return out;
    });
  }

  Future<JsonObject> addTimeOff(SqlClient sql, UUID id, JsonObject t) {
    String location = t.getString("locationId");
    return sql.preparedQuery(ADD_TIME_OFF).execute(Tuple.of(id, location == null ? null : UUID.fromString(location),
            utc(Instant.parse(t.getString("startsAt"))), utc(Instant.parse(t.getString("endsAt"))), t.getString("reason")))
        .map(rows -> timeOffJson(rows.iterator().next()));
  }

  Future<Boolean> deleteTimeOff(SqlClient sql, UUID id, UUID timeOffId) {
    return sql.preparedQuery(DELETE_TIME_OFF).execute(Tuple.of(timeOffId, id)).map(rows -> rows.rowCount() == 1);
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static JsonObject timeOffJson(Row r) {
    UUID location = r.getUUID("location_id");
    return new JsonObject().put("id", r.getUUID("id").toString()).put("providerId", r.getUUID("provider_id").toString())
        .put("locationId", location == null ? null : location.toString())
        .put("startsAt", r.getOffsetDateTime("starts_at").toInstant().toString())
        .put("endsAt", r.getOffsetDateTime("ends_at").toInstant().toString()).put("reason", r.getString("reason"));
  }

  /** The public profile; fee is null and rating 0/0 until the profile is set up. */
  static JsonObject toJson(Row row) {
    JsonArray locs = new JsonArray();
    for (UUID l : row.getArrayOfUUIDs("locs")) {
      locs.add(l.toString());
    }
    boolean profile = row.getBoolean("has_profile");
    return new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
        .put("specialty", row.getString("specialty")).put("bio", profile ? row.getString("bio") : "")
        .put("fee", profile ? new JsonObject().put("amount", row.getLong("fee_amount")).put("currency", row.getString("fee_currency")) : null)
        .put("slotMinutes", profile ? row.getInteger("slot_minutes") : null).put("locationIds", locs)
        .put("rating", new JsonObject().put("average", profile ? row.getNumeric("rating_average").doubleValue() : 0.0)
            .put("count", profile ? row.getInteger("rating_count") : 0));
  }
}
