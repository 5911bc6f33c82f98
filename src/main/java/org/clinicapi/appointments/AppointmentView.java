package org.clinicapi.appointments;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The one mapping from an appointments row to the API's JSON. Every query that answers with appointments
 * selects {@link #COLUMNS} {@code FROM} {@link #FROM}, so the shape cannot drift between endpoints.
 * Times go out as UTC instants; {@code timeZone} is the location's IANA zone for local display.
 */
public final class AppointmentView {
  /** Columns of {@link #FROM} that {@link #toJson(Row)} reads. */
  public static final String COLUMNS = """
      a.id, a.patient_id, a.provider_id, a.location_id, a.starts_at, a.ends_at, a.status, a.reason, a.notes,
      a.created_at, a.updated_at, a.override_reason, a.override_by, a.cancelled_by, a.cancelled_at, a.cancel_reason,
      l.time_zone""";
  /** The appointment with its location (for the time zone). */
  public static final String FROM = "appointments a JOIN locations l ON l.id = a.location_id";

  private AppointmentView() {
  }

  public static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject()
        .put("id", id(row, "id"))
        .put("patientId", id(row, "patient_id"))
        .put("providerId", id(row, "provider_id"))
        .put("locationId", id(row, "location_id"))
        .put("startsAt", instant(row, "starts_at"))
        .put("endsAt", instant(row, "ends_at"))
        .put("timeZone", row.getString("time_zone"))
        .put("status", row.getString("status"))
        .put("reason", row.getString("reason"))
        .put("notes", row.getString("notes"))
        .put("createdAt", instant(row, "created_at"))
        .put("updatedAt", instant(row, "updated_at"));
    if (row.getString("override_reason") != null) {
      json.put("override", new JsonObject().put("reason", row.getString("override_reason")).put("by", id(row, "override_by")));
    }
    if (row.getOffsetDateTime("cancelled_at") != null) {
      json.put("cancellation", new JsonObject().put("by", id(row, "cancelled_by")).put("at", instant(row, "cancelled_at"))
          .put("reason", row.getString("cancel_reason")));
    }
    return json;
  }

  private static String id(Row row, String column) {
    UUID id = row.getUUID(column);
    return id == null ? null : id.toString();
  }

  private static String instant(Row row, String column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant().toString();
  }
}
