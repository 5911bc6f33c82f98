package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The SQL of refunds as Stripe's events find them: ours by Stripe id or metadata, and refunds made at Stripe.
 * Settling one (pending → succeeded or failed) is {@code escrow.RefundSettlement}'s, shared with the refund job.
 */
final class RefundRows {
  /** A refund as its events see it. */
  record EventRefund(UUID id, long amount, String status, long reversalAmount) {
    static EventRefund of(Row r) {
      return new EventRefund(r.getUUID("id"), r.getLong("amount"), r.getString("status"), r.getLong("reversal_amount"));
    }
  }

  private static final String COLUMNS = "id, amount, status, reversal_amount";
  private static final String BY_STRIPE_ID = "SELECT " + COLUMNS + " FROM refunds WHERE stripe_refund_id = $1 FOR UPDATE";
  /** metadata.refundId: one of ours, of this payment, not yet tied to another Stripe refund. */
  private static final String BY_ID = "SELECT " + COLUMNS + """
       FROM refunds WHERE id = $1 AND payment_id = $2 AND (stripe_refund_id IS NULL OR stripe_refund_id = $3) FOR UPDATE""";
  private static final String ATTACH = """
      UPDATE refunds SET stripe_refund_id = $2, updated_at = now() WHERE id = $1 AND stripe_refund_id IS NULL""";
  /**
   * A refund made at Stripe (its dashboard, its API) that we did not ask for: recorded and reserved as made. Never
   * due ({@code available_at} infinity): the refund job asks Stripe for the pending refunds it claims, and asking
   * for one Stripe made itself would refund the patient twice; its events (or the reconciliation) settle it.
   */
  private static final String INSERT_EXTERNAL = """
      WITH r AS (
        INSERT INTO refunds (payment_id, amount, reason, kind, status, stripe_refund_id, available_at)
        VALUES ($1, $2, 'made at Stripe', 'external', 'pending', $3, 'infinity')
        RETURNING\s""" + COLUMNS + """
      ), p AS (
        UPDATE payments SET refund_reserved = refund_reserved + $2, updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM r))
      SELECT * FROM r""";
  private RefundRows() {
  }

  static Future<EventRefund> byStripeId(SqlClient sql, String stripeRefundId) {
    return one(sql, BY_STRIPE_ID, Tuple.of(stripeRefundId));
  }

  /** Ours by metadata.refundId, with the Stripe id attached when it was not yet. */
  static Future<EventRefund> byOurId(SqlClient sql, UUID refundId, UUID paymentId, String stripeRefundId) {
    if (refundId == null) {
      return Future.succeededFuture();
    }
    return one(sql, BY_ID, Tuple.of(refundId, paymentId, stripeRefundId)).compose(r -> r == null ? Future.succeededFuture()
        : sql.preparedQuery(ATTACH).execute(Tuple.of(r.id(), stripeRefundId)).map(r));
  }

  static Future<EventRefund> insertExternal(SqlClient sql, UUID paymentId, long amount, String stripeRefundId) {
    return one(sql, INSERT_EXTERNAL, Tuple.of(paymentId, amount, stripeRefundId));
  }

  private static Future<EventRefund> one(SqlClient sql, String query, Tuple params) {
    return sql.preparedQuery(query).execute(params).map(RefundRows::first);
  }

  private static EventRefund first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : EventRefund.of(rows.iterator().next());
  }
}
