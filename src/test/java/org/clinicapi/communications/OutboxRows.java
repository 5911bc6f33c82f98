package org.clinicapi.communications;

import org.clinicapi.support.Accounts;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Outbox rows in a chosen state, written straight into this run's database (test thread only). */
final class OutboxRows {
  private OutboxRows() {
  }

  /**
   * A row of {@code userId} in {@code status}, its payload holding a secret link (which the API must never show).
   * A password reset: it can go by e-mail whatever the user's preferences, so a requeued one is really sent.
   */
  static UUID row(UUID userId, String channel, String status, int attempts, String providerMessageId) {
    String kind = channel.equals("sms") ? "appointment.reminder" : "password_reset";
    return (UUID) Accounts.value("""
        INSERT INTO outbox (kind, channel, user_id, payload, status, attempts, provider_message_id, last_error_code, sent_at)
        VALUES (?, ?, ?, '{"link": "https://app.test/reset?token=SECRET-LINK-TOKEN"}'::jsonb, ?, ?, ?, ?,
                CASE WHEN ? IN ('sent', 'delivered') THEN now() END)
        RETURNING id
        """, kind, channel, userId, status, attempts, providerMessageId, status.equals("dead") ? "SMTP_UNAVAILABLE" : null, status);
  }

  /** A Twilio-shaped message SID, unique per call. */
  static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  /** An E.164 number nobody else in this run has. */
  static String phone() {
    return "+1313" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
  }

  static Object column(UUID id, String column) {
    return Accounts.value("SELECT " + column + " FROM outbox WHERE id = ?", id);
  }
}
