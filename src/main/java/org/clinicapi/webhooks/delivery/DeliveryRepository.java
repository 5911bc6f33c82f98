package org.clinicapi.webhooks.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's SQL. Claims take due rows with FOR UPDATE SKIP LOCKED and stamp them with a lease and a
 * fresh claim token, so N processes never hold one row at once; a process that dies leaves a lease that
 * expires, and the row is claimed again. Only the holder of the current token changes a row's state.
 */
final class DeliveryRepository {
  /** Only rows of active subscriptions: a straggler of a deleted one must not take a place in every batch. */
  private static final String CLAIM = """
      WITH due AS (
        SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.active
         WHERE d.status = 'queued' AND d.available_at <= now() AND (d.lease_until IS NULL OR d.lease_until < now())
         ORDER BY d.available_at
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED)
      UPDATE webhook_deliveries d
         SET lease_until = now() + $2::int * interval '1 second', claim_token = $3, updated_at = now()
        FROM due, webhook_events e, webhook_subscriptions s
       WHERE d.id = due.id AND e.id = d.event_id AND s.id = d.subscription_id AND s.active
      RETURNING d.id, d.retries, d.queued_at, e.id AS event_id, e.type, e.created_at AS event_created_at, e.data::text AS data,
                s.url, s.secret
      """;
  /**
   * Every request sent is an attempt (numbered, logged) even when the claim was lost meanwhile (a redelivery
   * took the row back): then only the log grows, the row's state stays the new holder's.
   */
  private static final String RECORD = """
      WITH d AS (
        UPDATE webhook_deliveries
           SET attempts = attempts + 1, last_status_code = $3, last_error = $4, updated_at = now(),
               status = CASE WHEN claim_token = $2 THEN $5 ELSE status END,
               retries = CASE WHEN claim_token = $2 AND $5 = 'queued' THEN retries + 1 ELSE retries END,
               available_at = CASE WHEN claim_token = $2 AND $5 = 'queued' THEN $6 ELSE available_at END,
               delivered_at = CASE WHEN claim_token = $2 AND $5 = 'delivered' THEN now() ELSE delivered_at END,
               lease_until = CASE WHEN claim_token = $2 THEN NULL ELSE lease_until END,
               claim_token = CASE WHEN claim_token = $2 THEN NULL ELSE claim_token END
         WHERE id = $1
        RETURNING id, attempts)
      INSERT INTO webhook_delivery_attempts (delivery_id, attempt, outcome, status_code, error, duration_ms, response_excerpt)
      SELECT id, attempts, $7, $3, $4, $8, $9 FROM d
      """;
  /** Not attempted (the host's breaker is open): back in the queue, no attempt counted. */
  private static final String RELEASE = """
      UPDATE webhook_deliveries
         SET lease_until = NULL, claim_token = NULL, available_at = now() + $3::int * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND claim_token = $2
      """;

  Future<List<ClaimedDelivery>> claim(SqlClient sql, int limit, int leaseSeconds) {
    UUID token = UUID.randomUUID();
    return sql.preparedQuery(CLAIM).execute(Tuple.of(limit, leaseSeconds, token)).map(rows -> {
      List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
      rows.forEach(r -> claimed.add(claimed(r, token)));
      return claimed;
    });
  }

  Future<Void> record(SqlClient sql, ClaimedDelivery d, Attempt a) {
    return sql.preparedQuery(RECORD).execute(Tuple.from(Arrays.asList(d.id(), d.claimToken(), a.statusCode(), a.error(),
        a.status(), a.nextAt(), a.outcome(), a.durationMs(), a.responseExcerpt()))).mapEmpty();
  }

  Future<Void> release(SqlClient sql, ClaimedDelivery d, long delayMs) {
    return sql.preparedQuery(RELEASE).execute(Tuple.of(d.id(), d.claimToken(), (int) delayMs)).mapEmpty();
  }

  private static ClaimedDelivery claimed(Row r, UUID token) {
    return new ClaimedDelivery(r.getUUID("id"), token, r.getInteger("retries"), r.getOffsetDateTime("queued_at").toInstant(),
        r.getUUID("event_id"), r.getString("type"), r.getOffsetDateTime("event_created_at").toInstant(), r.getString("data"),
        r.getString("url"), r.getString("secret"));
  }

  /**
   * One attempt's outcome: {@code status} the row's next state (queued, delivered, failed), {@code outcome} the log's
   * (retry, delivered, failed), {@code nextAt} when queued again (else null).
   */
  record Attempt(String status, String outcome, OffsetDateTime nextAt, Integer statusCode, String error, int durationMs,
      String responseExcerpt) {
  }
}
