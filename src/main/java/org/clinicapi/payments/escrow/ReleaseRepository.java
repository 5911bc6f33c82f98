package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Held payments due for release: appointment completed at least the hold period ago (its last change, or its
 * consultation's end if later), something left after refunds. What blocks one is written on it (a set-based
 * statement); the unblocked are claimed with SKIP LOCKED and a lease (release_claim, release_lease_until), so
 * two jobs never work on one payment at once. A lease without a claim is a "not before" after a failed try.
 */
final class ReleaseRepository {
  private static final String DUE_FROM = """
        FROM payments p
        JOIN appointments a ON a.id = p.appointment_id
        LEFT JOIN consultations c ON c.appointment_id = a.id
        LEFT JOIN payout_accounts pa ON pa.provider_id = p.provider_id
       WHERE p.status = 'held' AND a.status = 'completed' AND p.refund_reserved < p.amount
         AND greatest(a.updated_at, c.ended_at) <= now() - make_interval(hours => $1)
         AND (p.release_lease_until IS NULL OR p.release_lease_until < now())""";
  private static final String BLOCKED_REASON = """
      CASE WHEN p.dispute_status IS NOT NULL AND p.dispute_status <> 'won' THEN 'disputed'
           WHEN EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending') THEN 'refund_pending'
           WHEN pa.provider_id IS NULL THEN 'no_payout_account'
           WHEN NOT pa.payouts_enabled THEN 'payouts_not_enabled' END""";
  private static final String MARK_BLOCKED = """
      UPDATE payments p SET release_blocked_reason = d.reason, updated_at = now()
        FROM (SELECT p.id, %s AS reason %s FOR UPDATE OF p SKIP LOCKED) d
       WHERE p.id = d.id AND p.release_blocked_reason IS DISTINCT FROM d.reason""".formatted(BLOCKED_REASON, DUE_FROM);
  private static final String CLAIM = """
      WITH due AS (
        SELECT p.id, p.amount, p.refund_reserved, p.fee_bps, p.currency, p.charge_id, p.appointment_id,
               pa.stripe_account_id
        %s AND %s IS NULL
         ORDER BY p.held_at LIMIT $2 FOR UPDATE OF p SKIP LOCKED)
      UPDATE payments p SET release_claim = $3, release_lease_until = now() + make_interval(secs => $4)
        FROM due WHERE p.id = due.id
      RETURNING due.*""".formatted(DUE_FROM, BLOCKED_REASON);
  /** Only while still held with the reservation the transfer was computed from: a second job finds it released. */
  private static final String RELEASED = """
      UPDATE payments SET status = 'released', released_at = now(), transfer_id = $2, transfer_amount = $3,
             fee_amount = $4, release_blocked_reason = NULL, release_claim = NULL, release_lease_until = NULL,
             updated_at = now()
       WHERE id = $1 AND status = 'held' AND refund_reserved = $5""";
  private static final String NOT_NOW = """
      UPDATE payments SET release_claim = NULL, release_lease_until = now() + make_interval(secs => $3),
             release_blocked_reason = coalesce($2, release_blocked_reason), updated_at = now()
       WHERE id = $1 AND status = 'held' AND release_claim = $4""";

  /** A claimed payment: base = amount − refunds reserved; fee rounds down; the provider gets the rest. */
  record Claimed(UUID id, long amount, long reserved, int feeBps, String currency, String chargeId, UUID appointmentId,
      String destination) {
    long base() {
      return amount - reserved;
    }

    long fee() {
      return Math.floorDiv(base() * feeBps, 10_000L);
    }

    long share() {
      return base() - fee();
    }
  }

  private ReleaseRepository() {
  }

  static Future<Integer> markBlocked(SqlClient sql, int holdHours) {
    return sql.preparedQuery(MARK_BLOCKED).execute(Tuple.of(holdHours)).map(rows -> rows.rowCount());
  }

  static Future<List<Claimed>> claim(SqlClient sql, int holdHours, int limit, UUID token, int leaseSeconds) {
    return sql.preparedQuery(CLAIM).execute(Tuple.of(holdHours, limit, token, leaseSeconds)).map(rows -> {
      List<Claimed> claimed = new ArrayList<>();
      for (Row r : rows) {
        claimed.add(new Claimed(r.getUUID("id"), r.getLong("amount"), r.getLong("refund_reserved"), r.getInteger("fee_bps"),
            r.getString("currency"), r.getString("charge_id"), r.getUUID("appointment_id"), r.getString("stripe_account_id")));
      }
      return claimed;
    });
  }

  static Future<Boolean> released(SqlClient sql, Claimed p, String transferId) {
    return sql.preparedQuery(RELEASED).execute(Tuple.from(Arrays.asList(p.id(), transferId, p.share(), p.fee(), p.reserved())))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Gives the claim up; the payment is looked at again after {@code seconds} ({@code reason} null: unchanged). */
  static Future<Void> notNow(SqlClient sql, UUID id, String reason, int seconds, UUID token) {
    return sql.preparedQuery(NOT_NOW).execute(Tuple.from(Arrays.asList(id, reason, seconds, token))).mapEmpty();
  }
}
