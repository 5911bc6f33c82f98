package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A claimed outbox row with what sending it needs: the recipient as they are now (address, preferences,
 * an SMS opt-out of their number) and, for appointment notices, the location, provider and the appointment's
 * current state (a reminder for a changed or cancelled appointment is not sent).
 */
record OutboxMessage(UUID id, String kind, String channel, UUID userId, JsonObject payload, int attempts,
    Instant createdAt, Recipient recipient, Place place, String appointmentStatus, Instant appointmentStartsAt) {

  /** Null fields when the user is gone. */
  record Recipient(String email, String name, String phone, String role, boolean wantsEmail, boolean wantsSms,
      boolean phoneOptedOut) {
  }

  /** Null fields outside appointment notices. */
  record Place(String locationName, String locationAddress, String timeZone, String providerName) {
  }

  static OutboxMessage of(Row row) {
    return new OutboxMessage(row.getUUID("id"), row.getString("kind"), row.getString("channel"), row.getUUID("user_id"),
        (JsonObject) row.getJson("payload"), row.getInteger("attempts"), instant(row.getOffsetDateTime("created_at")),
        new Recipient(row.getString("email"), row.getString("name"), row.getString("phone"), row.getString("role"),
            Boolean.TRUE.equals(row.getBoolean("notify_email")), Boolean.TRUE.equals(row.getBoolean("notify_sms")),
            Boolean.TRUE.equals(row.getBoolean("opted_out"))),
        new Place(row.getString("location_name"), row.getString("location_address"), row.getString("time_zone"),
            row.getString("provider_name")),
        row.getString("appointment_status"), instant(row.getOffsetDateTime("appointment_starts_at")));
  }

  /** The patient the message is about (for the audit), or null when it names none. */
  UUID patientId() {
    return "patient".equals(recipient.role()) ? userId : null;
  }

  UUID appointmentId() {
    String id = payload.getString("appointmentId");
    return id == null ? null : UUID.fromString(id);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
