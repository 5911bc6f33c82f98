package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.ledger.Bookings;
import org.clinicapi.payments.stripe.Intent;
import org.clinicapi.payments.stripe.StripeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cancellation policy, derived from the database each run (a lost event loses nothing): a cancelled
 * appointment's paid payment gets its one policy refund (cancelled ≥ 24 h ahead by anyone, or later by staff: all
 * that is left; later by the patient: LATE_CANCEL_REFUND_BPS of the amount, rounded down, capped at what is left;
 * a no-show is not cancelled and gets none); an unpaid one has its intent cancelled at Stripe and fails. Only
 * held payments are looked at: a released payment's appointment was completed and can no longer be cancelled.
 */
final class CancellationPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationPolicy.class);
  static final int BATCH = 200;
  /**
   * Inserts the policy refunds and reserves them in one statement; the payments are locked (SKIP LOCKED: one a
   * manual refund holds waits for the next run) so the amount left is read under the lock. The unique policy index
   * settles two jobs at once. Returns exactly the refunds inserted, for their bookings in the same transaction.
   */
  private static final String POLICY_REFUNDS = """
      WITH due AS (
        SELECT p.id,
               CASE WHEN a.cancelled_at <= a.starts_at - interval '24 hours' OR a.cancelled_by IS DISTINCT FROM a.patient_id
                    THEN p.amount - p.refund_reserved
                    ELSE least(p.amount - p.refund_reserved, p.amount * $1::bigint / 10000) END AS refund
          FROM payments p JOIN appointments a ON a.id = p.appointment_id
         WHERE p.status = 'held' AND a.status = 'cancelled' AND p.refund_reserved < p.amount
           AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.kind = 'policy')
         ORDER BY p.held_at LIMIT $2
         FOR UPDATE OF p SKIP LOCKED),
      ins AS (
        INSERT INTO refunds (payment_id, amount, reason, kind)
        SELECT id, refund, 'Cancellation policy', 'policy' FROM due WHERE refund > 0
        ON CONFLICT (payment_id) WHERE kind = 'policy' DO NOTHING
        RETURNING id, payment_id, amount),
      reserved AS (
        UPDATE payments p SET refund_reserved = p.refund_reserved + ins.amount, updated_at = now()
          FROM ins WHERE p.id = ins.payment_id
        RETURNING p.id, p.currency)
      SELECT ins.id, ins.payment_id, ins.amount, reserved.currency FROM ins JOIN reserved ON reserved.id = ins.payment_id""";
  private static final String UNPAID = """
      SELECT p.id, p.stripe_payment_intent_id FROM payments p JOIN appointments a ON a.id = p.appointment_id
       WHERE p.status IN ('requires_payment', 'processing') AND a.status = 'cancelled'
       LIMIT $1""";
  private static final String FAIL = """
      UPDATE payments SET status = 'failed', failure_code = 'appointment_cancelled', updated_at = now()
       WHERE id = $1 AND status IN ('requires_payment', 'processing')""";

  private final PaymentsContext c;

  CancellationPolicy(PaymentsContext c) {
    this.c = c;
  }

  /** The policy refunds made now (pending: the refund job takes them to Stripe). */
  Future<Integer> refunds() {
    int bps = c.config().lateCancelRefundBps();
    return c.pool().withTransaction(sql -> sql.preparedQuery(POLICY_REFUNDS).execute(Tuple.of(bps, BATCH))
        .compose(rows -> {
          Future<?> booked = Future.succeededFuture();
          for (Row r : rows) {
            booked = booked.compose(v -> Bookings.refundRequested(sql, r.getUUID("payment_id"), r.getUUID("id"),
                r.getString("currency"), r.getLong("amount"), false, 0));
          }
          return booked.map(rows.size());
        }));
  }

  /** Cancels the intents of unpaid payments of cancelled appointments (key {@code payment:<id>:cancel}). */
  Future<Integer> cancelUnpaid() {
    return c.pool().preparedQuery(UNPAID).execute(Tuple.of(BATCH)).compose(rows -> {
      List<Future<Boolean>> done = new ArrayList<>();
      Future<Boolean> chain = Future.succeededFuture(false);
      for (Row r : rows) {
        chain = chain.compose(v -> cancel(r.getUUID("id"), r.getString("stripe_payment_intent_id")));
        done.add(chain);
      }
      return Future.all(done).map(all -> (int) done.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  /**
   * Stripe refusing (the intent succeeded meanwhile, or is processing) leaves the payment alone: its events decide
   * it, and a payment that becomes held gets its policy refund.
   */
  private Future<Boolean> cancel(UUID payment, String intentId) {
    Future<?> stripe = intentId == null ? Future.succeededFuture()
        : c.stripe().<Intent>call(api -> api.cancelIntent(intentId, "payment:" + payment + ":cancel"));
    return stripe.compose(v -> c.pool().preparedQuery(FAIL).execute(Tuple.of(payment)))
        .map(rows -> {
          if (rows.rowCount() > 0) {
            c.changed(payment);
          }
          return rows.rowCount() > 0;
        })
        .recover(e -> {
          LOG.info("intent of payment {} not cancelled now: {}", payment, e instanceof StripeCallException x
              ? x.kind() + "/" + x.code() : e.getClass().getSimpleName());
          return Future.succeededFuture(false);
        });
  }
}
