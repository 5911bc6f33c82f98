package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.api.PaymentsService.RefundView;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * The refunds table: a manual refund's reservation under the payment's row lock, the state a refund's Stripe
 * calls start from, and the claim of due pending refunds by the job (lease + claim token, SKIP LOCKED).
 */
final class RefundRepository {
  /**
   * The payment a refund is asked of, locked until the refund is reserved. {@code reversible}: what is left of the
   * transfer after the provider parts of earlier refunds (pending, succeeded, or failed after their reversal).
   * {@code releasing}: a release job holds the payment (its transfer is being made from the current base).
   */
  private static final String LOCK_PAYMENT = """
      SELECT p.id, p.patient_id, p.status, p.amount, p.currency, p.refund_reserved, p.fee_bps,
             p.released_at IS NOT NULL AS released,
             p.release_claim IS NOT NULL AND p.release_lease_until > now() AS releasing,
             coalesce(p.transfer_amount, 0) - (SELECT coalesce(sum(r.reversal_amount), 0)::bigint FROM refunds r
               WHERE r.payment_id = p.id AND (r.status <> 'failed' OR r.reversal_id IS NOT NULL)) AS reversible
        FROM payments p WHERE p.id = $1 FOR UPDATE""";
  /** A refund the flow processes at once: leased to it, so the job leaves it alone meanwhile. */
  private static final String INSERT = """
      INSERT INTO refunds (payment_id, amount, reason, kind, reversal_amount, requested_by, claim_token, lease_until)
      VALUES ($1, $2, $3, 'manual', $4, $5, $6, now() + make_interval(secs => $7))
      RETURNING id""";
  /** The CHECK refund_reserved <= amount is the last word on concurrent refunds (23514). */
  private static final String RESERVE = """
      UPDATE payments SET refund_reserved = refund_reserved + $2, updated_at = now() WHERE id = $1""";
  private static final String VIEW = """
      SELECT r.id, r.payment_id, r.amount, p.currency, r.reason, r.kind, r.status, r.reversal_amount, r.failure_code,
             r.created_at
        FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = $1""";
  private static final String STATE = """
      SELECT r.id, r.payment_id, r.amount, r.status, r.reversal_amount, r.reversal_id, r.stripe_refund_id, r.attempts,
             p.currency, p.stripe_payment_intent_id, p.transfer_id
        FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = $1""";
  /**
   * Due pending refunds, leased to {@code $1}. One that Stripe already made and still reports pending is asked
   * again only within 23 h of its creation: Stripe forgets idempotency keys after 24 h, and a repeat after that
   * could refund twice (older ones are settled by refund.updated or the reconciliation job).
   */
  private static final String CLAIM = """
      UPDATE refunds r SET claim_token = $1, lease_until = now() + make_interval(secs => $2), updated_at = now()
       WHERE r.id IN (SELECT id FROM refunds
                       WHERE status = 'pending' AND available_at <= now() AND (lease_until IS NULL OR lease_until < now())
                         AND (stripe_refund_id IS NULL OR created_at > now() - interval '23 hours')
                       ORDER BY available_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING r.id""";
  /** Stripe could not be asked (or did not settle it yet): later, by whoever claims it then. */
  private static final String RETRY_LATER = """
      UPDATE refunds SET attempts = attempts + 1, available_at = $2, lease_until = NULL, claim_token = NULL,
             stripe_refund_id = coalesce(stripe_refund_id, $3), updated_at = now()
       WHERE id = $1 AND status = 'pending'""";

  /** The locked payment as a refund needs it. */
  record LockedPayment(UUID id, UUID patientId, String status, long amount, String currency, long reserved, int feeBps,
      boolean released, boolean releasing, long reversible) {
    long left() {
      return amount - reserved;
    }
  }

  /** A refund and what its Stripe calls need of its payment. */
  record State(UUID id, UUID paymentId, long amount, String status, long reversalAmount, String reversalId,
      String stripeRefundId, int attempts, String currency, String paymentIntentId, String transferId) {
  }

  private RefundRepository() {
  }

  static Future<LockedPayment> lockPayment(SqlClient sql, UUID id) {
    return sql.preparedQuery(LOCK_PAYMENT).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new LockedPayment(r.getUUID("id"), r.getUUID("patient_id"), r.getString("status"), r.getLong("amount"),
          r.getString("currency"), r.getLong("refund_reserved"), r.getInteger("fee_bps"), r.getBoolean("released"),
          r.getBoolean("releasing"), r.getLong("reversible"));
    });
  }

  static Future<UUID> insert(SqlClient sql, UUID payment, long amount, String reason, long reversal, UUID requestedBy,
      UUID claim, int leaseSeconds) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(payment, amount, reason, reversal, requestedBy,
        claim, leaseSeconds))).map(rows -> rows.iterator().next().getUUID("id"));
  }

  static Future<Void> reserve(SqlClient sql, UUID payment, long amount) {
    return sql.preparedQuery(RESERVE).execute(Tuple.of(payment, amount)).mapEmpty();
  }

  static Future<RefundView> view(SqlClient sql, UUID id) {
    return sql.preparedQuery(VIEW).execute(Tuple.of(id)).map(rows -> {
      Row r = rows.iterator().next();
      return new RefundView(r.getUUID("id"), r.getUUID("payment_id"), r.getLong("amount"), r.getString("currency"),
          r.getString("reason"), r.getString("kind"), r.getString("status"), r.getLong("reversal_amount"),
          r.getString("failure_code"), r.getOffsetDateTime("created_at").toInstant());
    });
  }

  static Future<State> state(SqlClient sql, UUID id) {
    return sql.preparedQuery(STATE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new State(r.getUUID("id"), r.getUUID("payment_id"), r.getLong("amount"), r.getString("status"),
          r.getLong("reversal_amount"), r.getString("reversal_id"), r.getString("stripe_refund_id"),
          r.getInteger("attempts"), r.getString("currency"), r.getString("stripe_payment_intent_id"),
          r.getString("transfer_id"));
    });
  }

  static Future<RowSet<Row>> claim(SqlClient sql, UUID token, int leaseSeconds, int limit) {
    return sql.preparedQuery(CLAIM).execute(Tuple.of(token, leaseSeconds, limit));
  }

  static Future<Void> retryLater(SqlClient sql, UUID id, Instant at, String stripeRefundId) {
    return sql.preparedQuery(RETRY_LATER).execute(Tuple.from(Arrays.asList(id, OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
            stripeRefundId)))
        .mapEmpty();
  }
}
