package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.scheduling.api.NewTimeOff;
import org.clinicapi.scheduling.api.ProviderProfile;
import org.clinicapi.scheduling.api.ProviderView;
import org.clinicapi.scheduling.api.Schedule;
import org.clinicapi.scheduling.api.TimeOff;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
      ARRAY(SELECT location_id FROM user_locations ul WHERE ul.user_id = u.id) AS staff_locs,
      """ + ProfessionalRepository.COLUMNS;
  private static final String FROM = " FROM users u LEFT JOIN providers p ON p.user_id = u.id WHERE u.role = 'provider' AND u.active";
  private static final String BY_ID = "SELECT " + COLUMNS + FROM + " AND u.id = $1";
  private static final String UPSERT = """
      INSERT INTO providers (user_id, specialty, bio, fee_amount, fee_currency) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (user_id) DO UPDATE SET specialty = EXCLUDED.specialty, bio = EXCLUDED.bio, fee_amount = EXCLUDED.fee_amount,
             fee_currency = EXCLUDED.fee_currency, updated_at = now()
      """;
  /**
   * Taken first by every write that can make a booked range unbookable (hours, time off, locations): it
   * conflicts with the FOR KEY SHARE a booking takes before reading the rules (scheduling.api.BookingRules),
   * so the two are serialized and a booking never commits against rules it read before such a change.
   * No row (a first profile) locks nothing, and no booking can pass the rules for it yet.
   */
  private static final String LOCK_FOR_CHANGE = "SELECT 1 FROM providers WHERE user_id = $1 FOR UPDATE";
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

  Future<Void> lockForChange(SqlClient sql, UUID id) {
    return sql.preparedQuery(LOCK_FOR_CHANGE).execute(Tuple.of(id)).mapEmpty();
  }

  Future<Long> knownLocations(SqlClient sql, UUID[] ids) {
    return sql.preparedQuery(KNOWN_LOCATIONS).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> upsert(SqlClient sql, ProviderProfile p) {
    return sql.preparedQuery(UPSERT).execute(Tuple.of(p.providerId(), p.specialty(), p.bio(), p.fee().amount(), p.fee().currency()))
        .mapEmpty();
  }

  /** Removing a location from a profile removes its hours too (cascade). */
  Future<Void> replaceLocations(SqlClient sql, UUID id, UUID[] locations) {
    List<Tuple> rows = Arrays.stream(locations).map(l -> Tuple.of(id, l)).toList();
    Future<Void> dropped = sql.preparedQuery(DROP_LOCATIONS).execute(Tuple.of(id).addArrayOfUUID(locations)).mapEmpty();
    return rows.isEmpty() ? dropped : dropped.compose(v -> sql.preparedQuery(ADD_LOCATION).executeBatch(rows)).mapEmpty();
  }

  Future<Void> replaceHours(SqlClient sql, UUID id, Schedule schedule) {
    List<Tuple> rows = schedule.hours().stream().map(h -> Tuple.of(id, h.locationId(), (short) h.weekday(), LocalTime.parse(h.start()),
        LocalTime.parse(h.end()))).toList();
    Future<Void> cleared = sql.preparedQuery(SET_SLOT).execute(Tuple.of(id, schedule.slotMinutes()))
        .compose(v -> sql.preparedQuery(CLEAR_HOURS).execute(Tuple.of(id))).mapEmpty();
    return rows.isEmpty() ? cleared : cleared.compose(v -> sql.preparedQuery(ADD_HOURS).executeBatch(rows)).mapEmpty();
  }

  /** The weekly hours, at one location or (null) all, each with its location's zone. */
  Future<List<SlotCalculator.Hours>> week(SqlClient sql, UUID id, UUID location) {
    return sql.preparedQuery(HOURS).execute(Tuple.of(id, location)).map(rows -> {
      List<SlotCalculator.Hours> week = new ArrayList<>();
      rows.forEach(r -> week.add(new SlotCalculator.Hours(r.getUUID("location_id"), ZoneId.of(r.getString("time_zone")),
          r.getShort("weekday"), r.getLocalTime("start_time"), r.getLocalTime("end_time"))));
      return week;
    });
  }

  /** The weekly hours at every location, as {@link Schedule} shows them. */
  Future<Schedule> schedule(SqlClient sql, UUID id, int slotMinutes) {
    return week(sql, id, null).map(week -> new Schedule(slotMinutes, week.stream()
        .map(h -> new Schedule.Hours(h.locationId(), h.weekday(), h.start().toString(), h.end().toString())).toList()));
  }

  Future<List<SlotCalculator.Busy>> timeOff(SqlClient sql, UUID id, Instant from, Instant to) {
    return sql.preparedQuery(TIME_OFF).execute(Tuple.of(id, utc(from), utc(to))).map(rows -> {
      List<SlotCalculator.Busy> out = new ArrayList<>();
      rows.forEach(r -> out.add(new SlotCalculator.Busy(r.getUUID("location_id"), r.getOffsetDateTime("starts_at").toInstant(),
          r.getOffsetDateTime("ends_at").toInstant())));
      return out;
    });
  }

  Future<TimeOff> addTimeOff(SqlClient sql, NewTimeOff t) {
    return sql.preparedQuery(ADD_TIME_OFF).execute(Tuple.of(t.providerId(), t.locationId(), utc(t.startsAt()), utc(t.endsAt()),
            t.reason()))
        .map(rows -> timeOff(rows.iterator().next()));
  }

  Future<Boolean> deleteTimeOff(SqlClient sql, UUID id, UUID timeOffId) {
    return sql.preparedQuery(DELETE_TIME_OFF).execute(Tuple.of(timeOffId, id)).map(rows -> rows.rowCount() == 1);
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static TimeOff timeOff(Row r) {
    return new TimeOff(r.getUUID("id"), r.getUUID("provider_id"), r.getUUID("location_id"), r.getOffsetDateTime("starts_at").toInstant(),
        r.getOffsetDateTime("ends_at").toInstant(), r.getString("reason"));
  }

  /** The public profile (without its schedule); fee is null and rating 0/0 until the profile is set up. */
  static ProviderView view(Row row) {
    boolean profile = row.getBoolean("has_profile");
    return new ProviderView(row.getUUID("id"), row.getString("name"), row.getString("specialty"), profile ? row.getString("bio") : "",
        profile ? new ProviderView.Fee(row.getLong("fee_amount"), row.getString("fee_currency")) : null,
        profile ? row.getInteger("slot_minutes") : null, List.of(row.getArrayOfUUIDs("locs")),
        profile ? new ProviderView.Rating(row.getNumeric("rating_average").doubleValue(), row.getInteger("rating_count"))
            : new ProviderView.Rating(0.0, 0), null, null);
  }
}
