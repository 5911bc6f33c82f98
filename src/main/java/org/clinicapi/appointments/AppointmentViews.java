package org.clinicapi.appointments;

import io.vertx.sqlclient.Row;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.appointments.api.AppointmentView;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one mapping from an appointments row to {@link AppointmentView}. Reads select {@link #SELECT} (every
 * column the view needs, with the location joined for its IANA zone) so single reads and lists stay identical.
 */
final class AppointmentViews {
  /** Columns of {@link #view}; alias {@code a} = appointments, {@code l} = locations. */
  static final String COLUMNS = """
      a.id, a.patient_id, a.provider_id, a.location_id, a.starts_at, a.ends_at, a.status, a.reason, a.notes,
      a.created_at, a.updated_at, a.override_reason, a.override_by, a.cancelled_by, a.cancelled_at, a.cancel_reason,
      l.time_zone""";
  static final String FROM = " FROM appointments a JOIN locations l ON l.id = a.location_id";
  static final String SELECT = "SELECT " + COLUMNS + FROM;

  private AppointmentViews() {
  }

  static AppointmentView view(Row r) {
    String overrideReason = r.getString("override_reason");
    OffsetDateTime cancelledAt = r.getOffsetDateTime("cancelled_at");
    return new AppointmentView(r.getUUID("id"), r.getUUID("patient_id"), r.getUUID("provider_id"), r.getUUID("location_id"),
        instant(r.getOffsetDateTime("starts_at")), instant(r.getOffsetDateTime("ends_at")), AppointmentStatus.parse(r.getString("status")),
        r.getString("reason"), r.getString("notes"), instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")), r.getString("time_zone"),
        overrideReason == null ? null : new AppointmentView.Override(overrideReason, r.getUUID("override_by")),
        cancelledAt == null ? null : new AppointmentView.Cancellation(r.getUUID("cancelled_by"), instant(cancelledAt),
            r.getString("cancel_reason")));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
