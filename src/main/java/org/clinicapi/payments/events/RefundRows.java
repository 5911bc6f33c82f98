package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The SQL of refunds as Stripe's events settle them. A refund leaves {@code pending} once, for
 * {@code succeeded} or {@code failed}, and the payment's sums move in the same statement's transaction; the
 * statements that do it only match a pending row, so whoever settles it first (this event, a later duplicate,
 * the refund flow's own answer from Stripe) is the only one that does.
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
  /** A refund made at Stripe (its dashboard, its API) that we did not ask for: recorded and reserved as made. */
  private static final String INSERT_EXTERNAL = """
      WITH r AS (
        INSERT INTO refunds (payment_id, amount, reason, kind, status, stripe_refund_id)
        VALUES ($1, $2, 'made at Stripe', 'external', 'pending', $3)
        RETURNING\s""" + COLUMNS + """
      ), p AS (
        UPDATE payments SET refund_reserved = refund_reserved + $2, updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM r))
      SELECT * FROM r""";
  private static final String SUCCEEDED = """
      WITH r AS (
        UPDATE refunds SET status = 'succeeded', lease_until = NULL, claim_token = NULL, updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING payment_id, amount)
      UPDATE payments p SET refunded_amount = p.refunded_amount + r.amount, updated_at = now() FROM r WHERE p.id = r.payment_id""";
  private static final String FAILED = """
      WITH r AS (
        UPDATE refunds SET status = 'failed', failure_code = $2, lease_until = NULL, claim_token = NULL, updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING payment_id, amount)
      UPDATE payments p SET refund_reserved = p.refund_reserved - r.amount, updated_at = now() FROM r WHERE p.id = r.payment_id""";

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

  static Future<Boolean> succeeded(SqlClient sql, UUID refundId) {
    return PaymentRows.changed(sql, SUCCEEDED, Tuple.of(refundId));
  }

  static Future<Boolean> failed(SqlClient sql, UUID refundId, String failureCode) {
    return PaymentRows.changed(sql, FAILED, Tuple.of(refundId, failureCode));
  }

  private static Future<EventRefund> one(SqlClient sql, String query, Tuple params) {
    return sql.preparedQuery(query).execute(params).map(RefundRows::first);
  }

  private static EventRefund first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : EventRefund.of(rows.iterator().next());
  }
}
