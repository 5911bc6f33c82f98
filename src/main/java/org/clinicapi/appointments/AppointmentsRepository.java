package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.appointments.api.AppointmentChange;
import org.clinicapi.appointments.api.AppointmentHold;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.appointments.api.AppointmentTransition;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.appointments.api.StatusChange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * SQL of appointments and holds (one table, one exclusion constraint). Overlaps are decided by the
 * constraint (23P01, translated to SLOT_TAKEN by SqlErrors), not by a read before the write.
 */
final class AppointmentsRepository {
  /** Holds are not appointments: they are never read back as one. */
  private static final String BY_ID = AppointmentViews.SELECT + " WHERE a.id = $1 AND a.status <> 'held'";
  /** An expired hold frees its slot: the next writer that overlaps it deletes it in its own transaction. */
  private static final String DELETE_EXPIRED_HOLDS = """
      DELETE FROM appointments WHERE provider_id = $1 AND status = 'held' AND hold_expires_at <= now()
         AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
      """;
  /** Rows booked over a conflict (override) are outside the constraint, so new bookings are checked against them here. */
  private static final String OVERRIDE_CONFLICT = """
      SELECT 1 FROM appointments WHERE provider_id = $1 AND override_reason IS NOT NULL
         AND status IN (%s) AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
         AND ($4::uuid IS NULL OR id <> $4)
       LIMIT 1
      """.formatted(AppointmentStatus.sqlList(AppointmentStatus.LIVE));
  private static final String INSERT = """
      INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, notes, created_by,
                                override_reason, override_by)
      VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8, $9, $10) RETURNING id
      """;
  private static final String INSERT_HOLD = """
      INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, created_by, hold_expires_at)
      VALUES ($1, $2, $3, $4, $5, 'held', $6, now() + $7::int * interval '1 second') RETURNING id, hold_expires_at
      """;
  /** Booking a hold turns the same row into an appointment, so the slot is never free in between. */
  private static final String BOOK_HOLD = """
      UPDATE appointments SET status = 'scheduled', hold_expires_at = NULL, patient_id = $3, reason = $4, notes = $5,
             updated_at = now()
       WHERE id = $1 AND created_by = $2 AND status = 'held' AND hold_expires_at > now()
         AND provider_id = $6 AND location_id = $7 AND starts_at = $8 AND ends_at = $9
      RETURNING id
      """;
  private static final String UPDATE = """
      UPDATE appointments SET starts_at = $2, ends_at = $3, reason = coalesce($4, reason),
             notes = CASE WHEN $5::boolean THEN $6::text ELSE notes END, updated_at = now()
       WHERE id = $1 AND status = ANY($7) AND ($8::timestamptz IS NULL OR starts_at >= $8)
      RETURNING id
      """;
  /** The state machine in one statement: only a row still in an allowed status changes (concurrent changes: one wins). */
  private static final String TRANSITION = """
      UPDATE appointments a SET status = $2::text, updated_at = now(),
             cancelled_by = CASE WHEN $2::text = 'cancelled' THEN $4::uuid END,
             cancelled_at = CASE WHEN $2::text = 'cancelled' THEN now() END,
             cancel_reason = CASE WHEN $2::text = 'cancelled' THEN $5::text END
        FROM (SELECT id, status FROM appointments WHERE id = $1 FOR UPDATE) old
       WHERE a.id = old.id AND old.status = ANY($3) AND ($6::timestamptz IS NULL OR a.starts_at >= $6)
      RETURNING old.status AS previous_status
      """;
  /** One notice per channel the patient wants (SMS only with a phone number), in the caller's transaction. */
  private static final String QUEUE_NOTICE = """
      INSERT INTO outbox (kind, channel, user_id, payload)
      SELECT $1::text, c.channel, u.id, $3::jsonb FROM users u CROSS JOIN (VALUES ('sms'), ('email')) AS c (channel)
       WHERE u.id = $2 AND ((c.channel = 'sms' AND u.notify_sms AND u.phone IS NOT NULL) OR (c.channel = 'email' AND u.notify_email))
      """;
  private static final String IS_PATIENT = "SELECT 1 FROM users WHERE id = $1 AND role = 'patient' AND active";

  /** The appointment, or null. */
  Future<AppointmentView> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : AppointmentViews.view(rows.iterator().next()));
  }

  Future<Void> deleteExpiredHolds(SqlClient sql, UUID provider, Instant start, Instant end) {
    return sql.preparedQuery(DELETE_EXPIRED_HOLDS).execute(Tuple.of(provider, utc(start), utc(end))).mapEmpty();
  }

  Future<Boolean> overrideConflict(SqlClient sql, UUID provider, Instant start, Instant end, UUID except) {
    return sql.preparedQuery(OVERRIDE_CONFLICT).execute(Tuple.of(provider, utc(start), utc(end), except)).map(rows -> rows.size() > 0);
  }

  Future<UUID> insert(SqlClient sql, Booking b, UUID createdBy) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(b.patient(), b.provider(), b.location(), utc(b.start()),
            utc(b.end()), b.reason(), b.notes(), createdBy, b.overrideReason(), b.overrideReason() == null ? null : createdBy)))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  Future<AppointmentHold> insertHold(SqlClient sql, Booking b, UUID createdBy, int ttlSeconds) {
    return sql.preparedQuery(INSERT_HOLD).execute(Tuple.from(Arrays.asList(b.patient(), b.provider(), b.location(), utc(b.start()),
        utc(b.end()), createdBy, ttlSeconds))).map(rows -> rows.iterator().next())
        .map(row -> new AppointmentHold(row.getUUID("id"), row.getOffsetDateTime("hold_expires_at").toInstant()));
  }

  Future<Boolean> bookHold(SqlClient sql, UUID holdId, Booking b, UUID createdBy) {
    return sql.preparedQuery(BOOK_HOLD).execute(Tuple.from(Arrays.asList(holdId, createdBy, b.patient(), b.reason(), b.notes(),
        b.provider(), b.location(), utc(b.start()), utc(b.end())))).map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> update(SqlClient sql, AppointmentChange c, Set<AppointmentStatus> allowed) {
    return sql.preparedQuery(UPDATE).execute(Tuple.from(Arrays.asList(c.id(), utc(c.startsAt()), utc(c.endsAt()), c.reason(),
        c.notesSet(), c.notes(), AppointmentStatus.wires(allowed), utc(c.notBefore())))).map(rows -> rows.rowCount() == 1);
  }

  /** The previous status when the transition happened, else null. */
  Future<AppointmentStatus> transition(SqlClient sql, StatusChange c) {
    AppointmentTransition t = c.transition();
    return sql.preparedQuery(TRANSITION).execute(Tuple.from(Arrays.asList(c.id(), t.to().wire(), AppointmentStatus.wires(t.from()),
            c.actorId(), c.reason(), utc(c.notBefore()))))
        .map(rows -> rows.size() == 0 ? null : AppointmentStatus.parse(rows.iterator().next().getString("previous_status")));
  }

  Future<Void> queueNotice(SqlClient sql, String kind, UUID patient, JsonObject payload) {
    return sql.preparedQuery(QUEUE_NOTICE).execute(Tuple.of(kind, patient, payload)).mapEmpty();
  }

  Future<Boolean> isPatient(SqlClient sql, UUID id) {
    return sql.preparedQuery(IS_PATIENT).execute(Tuple.of(id)).map(rows -> rows.size() == 1);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** What a new appointment or hold holds; reason, notes and override are null for a hold. */
  record Booking(UUID patient, UUID provider, UUID location, Instant start, Instant end, String reason, String notes,
      String overrideReason) {
  }
}
