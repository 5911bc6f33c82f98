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
  /**
   * An expired hold frees its slot: the next writer that overlaps it deletes it in its own transaction.
   * (Holds never carry an override reason, V10 checks it; saying so lets the exclusion constraint's index
   * find them.) Parameters: provider, start, end.
   */
  private static final String EXPIRED_HOLDS = """
      DELETE FROM appointments WHERE provider_id = %s AND status = 'held' AND override_reason IS NULL
         AND hold_expires_at <= now() AND tstzrange(starts_at, ends_at) && tstzrange(%s, %s)""";
  /**
   * Rows booked over a conflict (override) are outside the constraint, so new bookings are checked against
   * them here (index appointments_override_idx, V10). Parameters: provider, start, end.
   */
  private static final String OVERRIDE_ROWS = """
      SELECT 1 FROM appointments WHERE provider_id = %s AND override_reason IS NOT NULL
         AND status IN (%s) AND tstzrange(starts_at, ends_at) && tstzrange(%s, %s)""";
  private static final String LIVE = AppointmentStatus.sqlList(AppointmentStatus.LIVE);
  private static final String DELETE_EXPIRED_HOLDS = EXPIRED_HOLDS.formatted("$1", "$2", "$3");
  /** For a move: the appointment itself ($4) is no conflict. */
  private static final String OVERRIDE_CONFLICT = OVERRIDE_ROWS.formatted("$1", LIVE, "$2", "$3")
      + " AND ($4::uuid IS NULL OR id <> $4) LIMIT 1";
  /**
   * The first half of every new booking or hold, as CTEs: $1 patient (null: a hold without one), $2 provider,
   * $3 start, $4 end, $5 whether to check override rows. {@code freed} deletes the expired holds in the range
   * and {@code ready} consumes it entirely (count), so the write that selects from {@code ready} runs after
   * the delete (the sub-statements of a WITH have no order of their own): an expired hold never trips the
   * exclusion constraint. {@code ready.go}: the patient is active and no override row overlaps (both checks
   * MATERIALIZED: evaluated once, not once per column of {@code ready} that reads them).
   */
  private static final String CHECKS = """
      WITH patient AS MATERIALIZED (
        SELECT $1::uuid IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'patient' AND active) AS ok),
      freed AS (%s RETURNING 1),
      conflict AS MATERIALIZED (
        SELECT $5::boolean AND EXISTS (%s) AS taken),
      ready AS (
        SELECT p.ok, c.taken, p.ok AND NOT c.taken AS go FROM patient p CROSS JOIN conflict c CROSS JOIN (SELECT count(*) FROM freed) f)
      """.formatted(EXPIRED_HOLDS.formatted("$2", "$3::timestamptz", "$4::timestamptz"),
      OVERRIDE_ROWS.formatted("$2", LIVE, "$3::timestamptz", "$4::timestamptz"));
  /** One notice per channel the patient wants, for the row in {@code booked}; $11 kind, $12 the notice without its id. */
  private static final String NOTICE_CTE = """
      , noticed AS (
        INSERT INTO outbox (kind, channel, user_id, payload)
        SELECT $11::text, c.channel, u.id, $12::jsonb || jsonb_build_object('appointmentId', b.id)
          FROM booked b JOIN users u ON u.id = b.patient_id CROSS JOIN (VALUES ('sms'), ('email')) AS c (channel)
         WHERE (c.channel = 'sms' AND u.notify_sms AND u.phone IS NOT NULL) OR (c.channel = 'email' AND u.notify_email))
      SELECT r.ok AS patient_ok, r.taken, %s
        FROM ready r LEFT JOIN booked a ON true LEFT JOIN locations l ON l.id = a.location_id
      """.formatted(AppointmentViews.COLUMNS);
  /**
   * A new appointment in one statement: the checks, the insert and its notices. $6 location, $7 reason,
   * $8 notes, $9 created by, $10 override reason, $13 its id (made by the caller, see {@link #book}); no row
   * is written unless the patient is active and no override row overlaps ({@code patient_ok}, {@code taken} say which); an overlap with anything else is
   * the exclusion constraint's 23P01.
   */
  static final String BOOK = CHECKS + """
      , booked AS (
        INSERT INTO appointments (id, patient_id, provider_id, location_id, starts_at, ends_at, status, reason, notes, created_by,
                                  override_reason, override_by)
        SELECT $13, $1, $2, $6, $3, $4, 'scheduled', $7, $8, $9, $10::text, CASE WHEN $10::text IS NOT NULL THEN $9::uuid END
          FROM ready WHERE go
        RETURNING *)
      """ + NOTICE_CTE;
  /**
   * Booking a hold turns the same row into an appointment, so the slot is never free in between. $6 location,
   * $7 reason, $8 notes, $9 the hold's creator (the only one who may book it), $10 the hold.
   */
  private static final String BOOK_HOLD = CHECKS + """
      , booked AS (
        UPDATE appointments SET status = 'scheduled', hold_expires_at = NULL, patient_id = $1, reason = $7, notes = $8,
               updated_at = now()
          FROM ready
         WHERE ready.go AND id = $10 AND created_by = $9 AND status = 'held' AND hold_expires_at > now()
           AND provider_id = $2 AND location_id = $6 AND starts_at = $3 AND ends_at = $4
        RETURNING appointments.*)
      """ + NOTICE_CTE;
  /** A new hold in one statement: $6 location, $7 created by, $8 time to live in seconds, $9 its id. */
  private static final String HOLD = CHECKS + """
      , held AS (
        INSERT INTO appointments (id, patient_id, provider_id, location_id, starts_at, ends_at, status, created_by, hold_expires_at)
        SELECT $9, $1, $2, $6, $3, $4, 'held', $7, now() + $8::int * interval '1 second' FROM ready WHERE go
        RETURNING id, hold_expires_at)
      SELECT r.ok AS patient_ok, r.taken, h.id, h.hold_expires_at FROM ready r LEFT JOIN held h ON true
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

  /**
   * Books {@code b} in one statement (expired holds freed, override rows checked unless overriding, inserted
   * as {@code id} or, with {@code holdId}, the caller's hold turned into it, notices queued); {@code notice} is
   * the notice without the new id. The caller makes the id, so it can send the success event right behind
   * this statement instead of waiting for its answer. The row is null when nothing was written: {@link Written#patientOk} or
   * {@link Written#taken} says why, and a null with both fine means the hold was not there to book.
   */
  Future<Written<AppointmentView>> book(SqlClient sql, Booking b, UUID id, UUID createdBy, UUID holdId, String noticeKind,
      JsonObject notice) {
    Tuple args = checks(b, b.overrideReason() == null).addUUID(b.location()).addString(b.reason()).addString(b.notes()).addUUID(createdBy);
    args = holdId == null ? args.addString(b.overrideReason()) : args.addUUID(holdId);
    args.addString(noticeKind).addJsonObject(notice);
    return sql.preparedQuery(holdId == null ? BOOK : BOOK_HOLD).execute(holdId == null ? args.addUUID(id) : args)
        .map(rows -> rows.iterator().next())
        .map(row -> new Written<>(row.getBoolean("patient_ok"), row.getBoolean("taken"),
            row.getUUID("id") == null ? null : AppointmentViews.view(row)));
  }

  /** A hold for {@code b} in one statement (expired holds freed, override rows checked), as {@code id}; as {@link #book}. */
  Future<Written<AppointmentHold>> hold(SqlClient sql, Booking b, UUID id, UUID createdBy, int ttlSeconds) {
    return sql.preparedQuery(HOLD).execute(checks(b, true).addUUID(b.location()).addUUID(createdBy).addInteger(ttlSeconds).addUUID(id))
        .map(rows -> rows.iterator().next())
        .map(row -> new Written<>(row.getBoolean("patient_ok"), row.getBoolean("taken"), row.getUUID("id") == null ? null
            : new AppointmentHold(row.getUUID("id"), row.getOffsetDateTime("hold_expires_at").toInstant())));
  }

  /** $1 to $5 of {@link #CHECKS}. */
  private static Tuple checks(Booking b, boolean checkOverrides) {
    return Tuple.tuple().addUUID(b.patient()).addUUID(b.provider()).addOffsetDateTime(utc(b.start())).addOffsetDateTime(utc(b.end()))
        .addBoolean(checkOverrides);
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

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** What a booking statement wrote ({@code row}), or null with why: the patient is not active, or an override row is in the way. */
  record Written<T>(boolean patientOk, boolean taken, T row) {
  }

  /** What a new appointment or hold holds; reason, notes and override are null for a hold. */
  record Booking(UUID patient, UUID provider, UUID location, Instant start, Instant end, String reason, String notes,
      String overrideReason) {
  }
}
