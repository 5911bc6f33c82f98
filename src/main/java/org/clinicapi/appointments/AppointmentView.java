package org.clinicapi.appointments;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The one mapping from an appointments row to the API's JSON. Reads select {@link #SELECT} (every column
 * the view needs, with the location joined for its IANA zone) so single reads and lists stay identical.
 */
public final class AppointmentView {
  /** Columns of {@link #toJson}; alias {@code a} = appointments, {@code l} = locations. */
  public static final String COLUMNS = """
      a.id, a.patient_id, a.provider_id, a.location_id, a.starts_at, a.ends_at, a.status, a.reason, a.notes,
      a.created_at, a.updated_at, a.override_reason, a.override_by, a.cancelled_by, a.cancelled_at, a.cancel_reason,
      l.time_zone""";
  public static final String FROM = " FROM appointments a JOIN locations l ON l.id = a.location_id";
  public static final String SELECT = "SELECT " + COLUMNS + FROM;

  private AppointmentView() {
  }

  /** Times are UTC instants; {@code timeZone} lets clients show them in the location's local time. */
  public static JsonObject toJson(Row r) {
    JsonObject json = new JsonObject()
        .put("id", text(r.getUUID("id")))
        .put("patientId", text(r.getUUID("patient_id")))
        .put("providerId", text(r.getUUID("provider_id")))
        .put("locationId", text(r.getUUID("location_id")))
        .put("startsAt", instant(r.getOffsetDateTime("starts_at")))
        .put("endsAt", instant(r.getOffsetDateTime("ends_at")))
        .put("status", r.getString("status"))
        .put("reason", r.getString("reason"))
        .put("notes", r.getString("notes"))
        .put("createdAt", instant(r.getOffsetDateTime("created_at")))
        .put("updatedAt", instant(r.getOffsetDateTime("updated_at")))
        .put("timeZone", r.getString("time_zone"));
    if (r.getString("override_reason") != null) {
      json.put("override", new JsonObject().put("reason", r.getString("override_reason")).put("by", text(r.getUUID("override_by"))));
    }
    if (r.getOffsetDateTime("cancelled_at") != null) {
      json.put("cancellation", new JsonObject().put("by", text(r.getUUID("cancelled_by")))
          .put("at", instant(r.getOffsetDateTime("cancelled_at"))).put("reason", r.getString("cancel_reason")));
    }
    return json;
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
