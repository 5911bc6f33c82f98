package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An outbox row as the API shows it: what was sent to whom, how and how it went, never its payload (which
 * holds sign-in and reset links) nor its address. {@code patient}: whether the recipient is a patient, so a
 * read or retry by staff can be audited as touching that patient's data; not shown.
 */
record Notification(UUID id, UUID userId, boolean patient, String channel, String kind, String status, int attempts,
    String lastErrorCode, Instant createdAt, Instant sentAt, Instant deliveredAt) {

  /** The columns {@link #of} reads; {@code o} the outbox, {@code u} the recipient. */
  static final String COLUMNS = """
      o.id, o.user_id, u.role = 'patient' AS patient, o.channel, o.kind, o.status, o.attempts, o.last_error_code,
      o.created_at, o.sent_at, o.delivered_at""";

  static Notification of(Row r) {
    return new Notification(r.getUUID("id"), r.getUUID("user_id"), Boolean.TRUE.equals(r.getBoolean("patient")),
        r.getString("channel"), r.getString("kind"), r.getString("status"), r.getInteger("attempts"), r.getString("last_error_code"),
        instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("sent_at")), instant(r.getOffsetDateTime("delivered_at")));
  }

  /** The patient this notification is about, for audit events; null for staff's own messages. */
  UUID patientId() {
    return patient ? userId : null;
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("userId", userId.toString()).put("channel", channel).put("kind", kind)
        .put("status", status).put("attempts", attempts).put("lastErrorCode", lastErrorCode).put("createdAt", createdAt.toString())
        .put("sentAt", text(sentAt)).put("deliveredAt", text(deliveredAt));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
