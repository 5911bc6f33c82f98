package org.clinicapi.consultations.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * A consultation as the API shows it to one caller. {@code notesVisible} says whether that caller may read
 * the clinical notes; when not, {@code clinicalNotes} is null and the field is absent from the JSON.
 */
public record ConsultationView(UUID id, UUID appointmentId, UUID patientId, UUID providerId, UUID locationId, String mode,
    String status, String videoUrl, boolean notesVisible, String clinicalNotes, Instant startedAt, Instant endedAt,
    UUID createdBy, Instant createdAt, Instant updatedAt) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id.toString()).put("appointmentId", appointmentId.toString())
        .put("patientId", patientId.toString()).put("providerId", providerId.toString()).put("locationId", locationId.toString())
        .put("mode", mode).put("status", status).put("videoUrl", videoUrl)
        .put("startedAt", text(startedAt)).put("endedAt", text(endedAt)).put("createdBy", createdBy.toString())
        .put("createdAt", text(createdAt)).put("updatedAt", text(updatedAt));
    if (notesVisible) {
      json.put("clinicalNotes", clinicalNotes);
    }
    return json;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
