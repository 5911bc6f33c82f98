package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.ledger.Bookings;

import java.util.Arrays;
import java.util.UUID;

/**
 * What Stripe's answer about one of our refunds changes, inside the caller's transaction: the refund job and flow
 * use it, and so can the webhook applier ({@code refund.updated}, {@code charge.refunded}) for refunds it matches
 * to ours (metadata {@code refundId}). Each change is conditional on the refund being pending (or, for the
 * reversal, on no reversal being recorded), so whichever of the job and the webhook comes first settles it and
 * the other changes and books nothing; the ledger bookings are keyed by the refund as well.
 */
public final class RefundSettlement {
  private static final String REVERSED = """
      WITH r AS (UPDATE refunds SET reversal_id = $2, updated_at = now()
                  WHERE id = $1 AND reversal_id IS NULL RETURNING payment_id, reversal_amount)
      UPDATE payments p SET reversed_amount = p.reversed_amount + r.reversal_amount, updated_at = now()
        FROM r WHERE p.id = r.payment_id
      RETURNING p.id, p.currency, r.reversal_amount""";
  private static final String SUCCEEDED = """
      WITH r AS (UPDATE refunds SET status = 'succeeded', stripe_refund_id = coalesce(stripe_refund_id, $2),
                        lease_until = NULL, claim_token = NULL, updated_at = now()
                  WHERE id = $1 AND status = 'pending' RETURNING payment_id, amount)
      UPDATE payments p SET refunded_amount = p.refunded_amount + r.amount, updated_at = now()
        FROM r WHERE p.id = r.payment_id
      RETURNING p.id, p.patient_id, p.appointment_id, p.currency, r.amount""";
  /** Undoes the reservation; {@code released}: the refund was asked after release (none is pending at release). */
  private static final String FAILED = """
      WITH r AS (UPDATE refunds SET status = 'failed', failure_code = $3, stripe_refund_id = coalesce(stripe_refund_id, $2),
                        lease_until = NULL, claim_token = NULL, updated_at = now()
                  WHERE id = $1 AND status = 'pending' RETURNING payment_id, amount, reversal_amount)
      UPDATE payments p SET refund_reserved = p.refund_reserved - r.amount, updated_at = now()
        FROM r WHERE p.id = r.payment_id
      RETURNING p.id, p.currency, p.released_at IS NOT NULL AS released, r.amount, r.reversal_amount""";
  /** The patient's refund notice (templates: payouts helper); sent once per refund. */
  private static final String NOTICE = """
      INSERT INTO outbox (kind, channel, user_id, payload, dedupe_key)
      VALUES ('payment.refund', 'email', $1, $2::jsonb, $3)
      ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING""";

  private RefundSettlement() {
  }

  /** The provider's part came back from the transfer ({@code reversalId}). True when recorded now. */
  public static Future<Boolean> reversed(SqlClient sql, UUID refund, String reversalId) {
    return sql.preparedQuery(REVERSED).execute(Tuple.of(refund, reversalId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(false);
      }
      Row p = rows.iterator().next();
      return Bookings.transferReversed(sql, p.getUUID("id"), refund, p.getString("currency"), p.getLong("reversal_amount"))
          .map(true);
    });
  }

  /**
   * Stripe paid the refund: refunded_amount, the ledger, the patient's notice (publish
   * {@code communications.cmd.wake} after the commit when this answers true).
   */
  public static Future<Boolean> succeeded(SqlClient sql, UUID refund, String stripeRefundId) {
    return sql.preparedQuery(SUCCEEDED).execute(Tuple.from(Arrays.asList(refund, stripeRefundId))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(false);
      }
      Row p = rows.iterator().next();
      UUID payment = p.getUUID("id");
      long amount = p.getLong("amount");
      JsonObject payload = new JsonObject().put("paymentId", payment.toString()).put("refundId", refund.toString())
          .put("appointmentId", p.getUUID("appointment_id").toString()).put("amount", amount)
          .put("currency", p.getString("currency"));
      return Bookings.refundSucceeded(sql, payment, refund, p.getString("currency"), amount)
          .compose(b -> sql.preparedQuery(NOTICE).execute(Tuple.of(p.getUUID("patient_id"), payload,
              "refund:" + refund + ":notice")))
          .map(true);
    });
  }

  /** Stripe refused or gave up the refund ({@code code}: why): the reservation and its booking are undone. */
  public static Future<Boolean> failed(SqlClient sql, UUID refund, String stripeRefundId, String code) {
    return sql.preparedQuery(FAILED).execute(Tuple.from(Arrays.asList(refund, stripeRefundId, code))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(false);
      }
      Row p = rows.iterator().next();
      return Bookings.refundFailed(sql, p.getUUID("id"), refund, p.getString("currency"), p.getLong("amount"),
          p.getBoolean("released"), p.getLong("reversal_amount")).map(true);
    });
  }
}
