package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.consultations.api.ConsultationView;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** SQL of consultations and the appointment rows they are made from. */
final class ConsultationsRepository {
  private static final String COLUMNS = """
      c.id, c.appointment_id, c.patient_id, c.provider_id, c.location_id, c.mode, c.status, c.video_url,
      c.clinical_notes, c.started_at, c.ended_at, c.created_by, c.created_at, c.updated_at
      """;
  /** Locked so a consultation is never created from an appointment that is being cancelled at the same time. */
  private static final String APPOINTMENT = """
      SELECT id, patient_id, provider_id, location_id, status FROM appointments WHERE id = $1 AND status <> '%s' FOR UPDATE
      """.formatted(AppointmentStatus.HELD.wire());
  private static final String INSERT = """
      INSERT INTO consultations AS c (appointment_id, patient_id, provider_id, location_id, mode, video_url, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (appointment_id) DO NOTHING
      RETURNING
      """ + COLUMNS;
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM consultations c WHERE c.id = $1";
  /** The consultation and its appointment, both locked: completion changes both in one transaction. */
  private static final String FOR_CHANGE = "SELECT " + COLUMNS + """
      , a.status AS appointment_status
        FROM consultations c JOIN appointments a ON a.id = c.appointment_id
       WHERE c.id = $1
         FOR UPDATE
      """;
  private static final String UPDATE = """
      UPDATE consultations AS c
         SET status = $2,
             clinical_notes = CASE WHEN $3 THEN $4 ELSE c.clinical_notes END,
             started_at = CASE WHEN $2 = 'in_progress' AND c.status = 'scheduled' THEN now() ELSE c.started_at END,
             ended_at = CASE WHEN $2 = 'completed' AND c.status = 'in_progress' THEN now() ELSE c.ended_at END,
             updated_at = now()
       WHERE c.id = $1
      RETURNING
      """ + COLUMNS;
  /**
   * Scoped list, keyset-paged. $1 the patient (a patient caller: their own), $2 the caller's locations
   * (null for superadmin and patients), then optional filters, then the cursor and limit.
   */
  private static final String LIST = "SELECT " + COLUMNS + """
        FROM consultations c
       WHERE ($1::uuid IS NULL OR c.patient_id = $1)
         AND ($2::uuid[] IS NULL OR c.location_id = ANY($2))
         AND ($3::text IS NULL OR c.status = $3)
         AND ($4::text IS NULL OR c.mode = $4)
         AND ($5::uuid IS NULL OR c.provider_id = $5)
         AND ($6::uuid IS NULL OR c.location_id = $6)
         AND ($7::uuid IS NULL OR c.patient_id = $7)
         AND ($8::uuid IS NULL OR c.appointment_id = $8)
      """;
  private static final String NEWEST_FIRST = LIST + """
         AND ($9::timestamptz IS NULL OR (c.created_at, c.id) < ($9, $10))
       ORDER BY c.created_at DESC, c.id DESC LIMIT $11
      """;
  private static final String OLDEST_FIRST = LIST + """
         AND ($9::timestamptz IS NULL OR (c.created_at, c.id) > ($9, $10))
       ORDER BY c.created_at, c.id LIMIT $11
      """;

  /** Filters of GET /consultations, already validated; null means "any". */
  record Filters(String status, String mode, UUID providerId, UUID locationId, UUID patientId, UUID appointmentId) {
  }

  Future<Row> appointment(SqlClient sql, UUID id) {
    return sql.preparedQuery(APPOINTMENT).execute(Tuple.of(id)).map(ConsultationsRepository::first);
  }

  /** Null when the appointment already has a consultation. */
  Future<Row> insert(SqlClient sql, Row appointment, String mode, String videoUrl, UUID createdBy) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(appointment.getUUID("id"), appointment.getUUID("patient_id"),
        appointment.getUUID("provider_id"), appointment.getUUID("location_id"), mode, videoUrl, createdBy))).map(ConsultationsRepository::first);
  }

  Future<Row> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(ConsultationsRepository::first);
  }

  Future<Row> forChange(SqlClient sql, UUID id) {
    return sql.preparedQuery(FOR_CHANGE).execute(Tuple.of(id)).map(ConsultationsRepository::first);
  }

  Future<Row> update(SqlClient sql, UUID id, String status, boolean setNotes, String notes) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(id, status, setNotes, notes)).map(ConsultationsRepository::first);
  }

  Future<RowSet<Row>> list(SqlClient sql, UUID ownPatient, UUID[] locations, Filters f, boolean newestFirst,
      OffsetDateTime afterCreated, UUID afterId, int limit) {
    Tuple params = Tuple.of(ownPatient);
    if (locations == null) {
      params.addValue(null);
    } else {
      params.addArrayOfUUID(locations);
    }
    params.addValue(f.status()).addValue(f.mode()).addValue(f.providerId()).addValue(f.locationId()).addValue(f.patientId())
        .addValue(f.appointmentId()).addValue(afterCreated).addValue(afterId).addValue(limit);
    return sql.preparedQuery(newestFirst ? NEWEST_FIRST : OLDEST_FIRST).execute(params);
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** The consultation as the API shows it; clinical notes only when the caller may read them. */
  static ConsultationView view(Row r, boolean withNotes) {
    return new ConsultationView(r.getUUID("id"), r.getUUID("appointment_id"), r.getUUID("patient_id"), r.getUUID("provider_id"),
        r.getUUID("location_id"), r.getString("mode"), r.getString("status"), r.getString("video_url"), withNotes,
        withNotes ? r.getString("clinical_notes") : null, instant(r, "started_at"), instant(r, "ended_at"),
        r.getUUID("created_by"), instant(r, "created_at"), instant(r, "updated_at"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime at = r.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }
}
