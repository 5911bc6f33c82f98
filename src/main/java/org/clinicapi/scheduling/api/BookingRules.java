package org.clinicapi.scheduling.api;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The scheduling side of a booking, run by the booking on its own connection (like audit's {@code AuditLog}):
 * the provider is active with a profile, verified when a patient books ({@code BookableRange.verifiedOnly}: 409
 * INVALID_STATE otherwise, decided on the row read under the lock, so a concurrent revoke cannot slip in
 * between), practises at the location, and the range lies inside their
 * weekly hours there (in the location's zone) and outside time off. Whether the time is already taken is not
 * decided here but by the appointments table's exclusion constraint. Answers the resolved end (start + slot
 * length when none was asked), else 400 naming the field.
 *
 * <p>One statement reads everything; the hours are matched here in Java with the same rules (and the same
 * tz data) as the free slots that {@code SlotCalculator} offers, so what is offered is what can be booked.
 */
public final class BookingRules {
  /**
   * Taken by a booking before it reads the rules; schedule, time-off and profile writes lock the same row
   * FOR UPDATE first, so either the write waits for the booking's commit or the booking's read (a later
   * statement, so a later snapshot) waits for the write and sees it. FOR KEY SHARE is also what the
   * appointment's foreign key takes at the insert, so concurrent bookings never wait on each other here.
   */
  private static final String LOCK = "SELECT 1 FROM providers WHERE user_id = $1 FOR KEY SHARE";
  /** $1 provider, $2 location, $3 start, $4 end or null (one slot). No row: not an active provider with a profile. */
  private static final String RULES = """
      SELECT p.slot_minutes, r.ends_at, l.time_zone, pl.location_id IS NOT NULL AS practises, p.verified_at IS NOT NULL AS verified,
             EXISTS (SELECT 1 FROM provider_time_off t
                      WHERE t.provider_id = p.user_id AND (t.location_id IS NULL OR t.location_id = $2)
                        AND tstzrange(t.starts_at, t.ends_at) && tstzrange($3, r.ends_at)) AS time_off,
             h.weekdays, h.starts, h.ends
        FROM users u JOIN providers p ON p.user_id = u.id
             CROSS JOIN LATERAL (SELECT coalesce($4::timestamptz, $3::timestamptz + make_interval(mins => p.slot_minutes)) AS ends_at) r
             LEFT JOIN provider_locations pl ON pl.provider_id = p.user_id AND pl.location_id = $2
             LEFT JOIN locations l ON l.id = pl.location_id
             -- One aggregate node: the three arrays list the blocks in the same order.
             CROSS JOIN LATERAL (SELECT coalesce(array_agg(s.weekday), '{}') AS weekdays,
                                        coalesce(array_agg(s.start_time), '{}') AS starts,
                                        coalesce(array_agg(s.end_time), '{}') AS ends
                                   FROM provider_schedules s WHERE s.provider_id = p.user_id AND s.location_id = $2) h
       WHERE u.id = $1 AND u.role = 'provider' AND u.active
      """;

  private BookingRules() {
  }

  /**
   * The rules read on {@code sql}, a connection inside the booking's transaction, after locking the provider
   * (see {@link #LOCK}): a concurrent change of hours or time off cannot slip in between the check and the
   * commit. Both statements are sent at once (pipelined): one round trip.
   */
  public static Future<Bookable> inTransaction(SqlConnection sql, BookableRange range) {
    Future<?> locked = sql.preparedQuery(LOCK).execute(Tuple.of(range.providerId()));
    Future<Bookable> checked = check(sql, range);
    return locked.compose(v -> checked);
  }

  /** The rules read once, without a lock (a caller outside a transaction, or one that locked already). */
  public static Future<Bookable> check(SqlClient sql, BookableRange range) {
    return sql.preparedQuery(RULES).execute(Tuple.of(range.providerId(), range.locationId(), utc(range.startsAt()), utc(range.endsAt())))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(invalid("providerId", "is not a provider who takes appointments"))
            : decide(rows.iterator().next(), range.startsAt(), range.verifiedOnly()));
  }

  private static Future<Bookable> decide(Row row, Instant start, boolean verifiedOnly) {
    if (verifiedOnly && !row.getBoolean("verified")) {
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
          "This provider is not verified yet and cannot be booked by patients."));
    }
    if (!row.getBoolean("practises")) {
      return Future.failedFuture(invalid("locationId", "is not a location where this provider practises"));
    }
    Instant end = row.getOffsetDateTime("ends_at").toInstant();
    ZoneId zone = ZoneId.of(row.getString("time_zone"));
    if (!withinHours(zone, row.getArrayOfShorts("weekdays"), row.getArrayOfLocalTimes("starts"), row.getArrayOfLocalTimes("ends"),
        start, end)) {
      return Future.failedFuture(invalid("startsAt", "is outside the provider's hours at this location (with endsAt)"));
    }
    if (row.getBoolean("time_off")) {
      return Future.failedFuture(invalid("startsAt", "falls in the provider's time off"));
    }
    return Future.succeededFuture(new Bookable(end, row.getInteger("slot_minutes"), zone.getId()));
  }

  /**
   * Whether [start, end) lies inside one block of weekly hours, read in the location's zone: the same local
   * date, on the block's weekday, starting no earlier and ending no later than the block.
   */
  static boolean withinHours(ZoneId zone, Short[] weekdays, LocalTime[] starts, LocalTime[] ends, Instant start, Instant end) {
    ZonedDateTime s = start.atZone(zone);
    ZonedDateTime e = end.atZone(zone);
    // Hours end by 23:59 at the latest, so a range inside a block never crosses local midnight.
    if (!s.toLocalDate().equals(e.toLocalDate())) {
      return false;
    }
    for (int i = 0; i < weekdays.length; i++) {
      if (s.getDayOfWeek().getValue() == weekdays[i] && !s.toLocalTime().isBefore(starts[i]) && !e.toLocalTime().isAfter(ends[i])) {
        return true;
      }
    }
    return false;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static ServiceException invalid(String field, String message) {
    return ServiceException.validation(List.of(new FieldError(field, message)));
  }
}
