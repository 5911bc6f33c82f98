package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox as the dispatcher sees it: claim due rows under a lease, then record each outcome once. */
final class OutboxRepository {
  /**
   * Up to $1 due rows of the channels $2 (those whose breaker is not open), oldest first, that no live lease
   * holds; SKIP LOCKED lets concurrent dispatchers take disjoint rows. Each becomes leased to claim $3 for
   * $4 seconds and counts an attempt; the rest of the statement reads what sending needs.
   */
  private static final String CLAIM = """
      WITH due AS (
        SELECT id FROM outbox
         WHERE status = 'queued' AND available_at <= now() AND channel = ANY($2::text[])
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY available_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED),
      claimed AS (
        UPDATE outbox o SET claim_token = $3, lease_until = now() + make_interval(secs => $4),
               attempts = o.attempts + 1, updated_at = now()
          FROM due WHERE o.id = due.id
        RETURNING o.id, o.kind, o.channel, o.user_id, o.payload, o.attempts, o.created_at)
      SELECT c.*, u.email::text AS email, u.name, u.phone, u.role, u.notify_email, u.notify_sms,
             EXISTS (SELECT 1 FROM sms_opt_outs s WHERE s.phone = u.phone) AS opted_out,
             l.name AS location_name, l.address AS location_address,
             coalesce(l.time_zone, c.payload->>'timeZone') AS time_zone, pu.name AS provider_name,
             a.status AS appointment_status, a.starts_at AS appointment_starts_at
        FROM claimed c
        LEFT JOIN users u ON u.id = c.user_id
        LEFT JOIN locations l ON l.id = (c.payload->>'locationId')::uuid
        LEFT JOIN users pu ON pu.id = (c.payload->>'providerId')::uuid
        LEFT JOIN appointments a ON a.id = (c.payload->>'appointmentId')::uuid
      """;
  /** The outcome of the attempt of claim $2 on row $1 (nothing when the claim was lost) and its attempt record. */
  private static final String FINISH = """
      WITH done AS (
        UPDATE outbox SET status = $3, last_error_code = $4, provider_message_id = coalesce($5, provider_message_id),
               sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END,
               available_at = coalesce($6, available_at), claim_token = NULL, lease_until = NULL, updated_at = now()
         WHERE id = $1 AND claim_token = $2
        RETURNING id, attempts)
      INSERT INTO outbox_attempts (outbox_id, attempt, outcome, error_code)
      SELECT id, attempts, $7, $4 FROM done
      """;
  /** Hands a claimed row back untried (its breaker opened meanwhile): the attempt does not count. */
  private static final String RELEASE = """
      UPDATE outbox SET claim_token = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = now()
       WHERE id = $1 AND claim_token = $2
      """;

  private final Pool pool;

  OutboxRepository(Pool pool) {
    this.pool = pool;
  }

  Future<List<OutboxMessage>> claim(int limit, List<String> channels, UUID claim, Duration lease) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, channels.toArray(String[]::new), claim, lease.toSeconds()))
        .map(rows -> {
          List<OutboxMessage> messages = new ArrayList<>(rows.size());
          for (Row row : rows) {
            messages.add(OutboxMessage.of(row));
          }
          return messages;
        });
  }

  /** Sent: recorded with the transport's message id, and audited in the same transaction when it names a patient. */
  Future<Void> sent(UUID id, UUID claim, String providerMessageId, AuditEvent audit) {
    return pool.withTransaction(sql -> {
      Future<Void> finished = finish(sql, id, claim, "sent", null, providerMessageId, null, "sent");
      return audit == null ? finished : Future.all(finished, AuditLog.appendInTransaction(sql, audit)).mapEmpty();
    });
  }

  Future<Void> retryAt(UUID id, UUID claim, String code, Instant at) {
    return finish(pool, id, claim, "queued", code, null, at, "retry");
  }

  /** {@code status}: failed (permanent) or dead (out of attempts or age). */
  Future<Void> give(UUID id, UUID claim, String status, String code) {
    return finish(pool, id, claim, status, code, null, null, status);
  }

  Future<Void> release(UUID id, UUID claim) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(id, claim)).mapEmpty();
  }

  private static Future<Void> finish(SqlClient sql, UUID id, UUID claim, String status, String code, String providerId,
      Instant availableAt, String outcome) {
    Tuple args = Tuple.of(id, claim, status, code, providerId, availableAt == null ? null : availableAt.atOffset(java.time.ZoneOffset.UTC))
        .addValue(outcome);
    return sql.preparedQuery(FINISH).execute(args).mapEmpty();
  }
}
