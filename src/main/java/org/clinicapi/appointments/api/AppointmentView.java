package org.clinicapi.appointments.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * An appointment as the API shows it. Times are UTC instants; {@code timeZone} (the location's IANA zone)
 * lets clients show them in local time. {@code override} and {@code cancellation} are null when absent.
 */
public record AppointmentView(UUID id, UUID patientId, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt,
    AppointmentStatus status, String reason, String notes, Instant createdAt, Instant updatedAt, String timeZone,
    Override override, Cancellation cancellation) {

  /** Booked over a conflict: why, and by whom. */
  public record Override(String reason, UUID by) {
  }

  public record Cancellation(UUID by, Instant at, String reason) {
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("patientId", text(patientId))
        .put("providerId", providerId.toString())
        .put("locationId", locationId.toString())
        .put("startsAt", startsAt.toString())
        .put("endsAt", endsAt.toString())
        .put("status", status.wire())
        .put("reason", reason)
        .put("notes", notes)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", text(updatedAt))
        .put("timeZone", timeZone);
    if (override != null) {
      json.put("override", new JsonObject().put("reason", override.reason()).put("by", text(override.by())));
    }
    if (cancellation != null) {
      json.put("cancellation", new JsonObject().put("by", text(cancellation.by())).put("at", cancellation.at().toString())
          .put("reason", cancellation.reason()));
    }
    return json;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
