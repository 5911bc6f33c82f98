package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.UUID;

/**
 * The SQL of Stripe's events on payments. Every transition is a conditional UPDATE from the states it may leave,
 * so an event arriving late, twice or out of order finds nothing to change; lookups lock the payment row, so
 * two events of one payment apply one after the other.
 */
final class PaymentRows {
  private static final String RECORD = """
      INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id""";
  private static final String BY_INTENT = "SELECT " + EventPayment.COLUMNS
      + " FROM payments WHERE stripe_payment_intent_id = $1 FOR UPDATE";
  private static final String BY_ID = "SELECT " + EventPayment.COLUMNS + " FROM payments WHERE id = $1 FOR UPDATE";
  private static final String BY_CHARGE = "SELECT " + EventPayment.COLUMNS + " FROM payments WHERE charge_id = $1 FOR UPDATE";
  /** metadata.paymentId of an intent: only a payment with no intent yet, or with this one. */
  private static final String BY_ID_FOR_INTENT = "SELECT " + EventPayment.COLUMNS + """
       FROM payments WHERE id = $1 AND (stripe_payment_intent_id IS NULL OR stripe_payment_intent_id = $2) FOR UPDATE""";
  private static final String BY_REFUND = "SELECT " + EventPayment.COLUMNS
      + " FROM payments WHERE id = (SELECT payment_id FROM refunds WHERE id = $1) FOR UPDATE";
  /** The answer to the intent call was lost (a crash, a timeout): Stripe's intent is the one of our idempotency key. */
  private static final String ATTACH = """
      UPDATE payments SET stripe_payment_intent_id = $2, client_secret = coalesce(client_secret, $3), updated_at = now()
       WHERE id = $1 AND stripe_payment_intent_id IS NULL""";
  private static final String HOLD = """
      UPDATE payments SET status = 'held', charge_id = coalesce(charge_id, $2), held_at = coalesce(held_at, now()),
             failure_code = NULL, updated_at = now()
       WHERE id = $1 AND status IN ('requires_payment', 'processing', 'failed')""";
  private static final String PROCESSING = """
      UPDATE payments SET status = 'processing', updated_at = now() WHERE id = $1 AND status = 'requires_payment'""";
  private static final String PAYMENT_FAILED = """
      UPDATE payments SET status = 'requires_payment', failure_code = $2, updated_at = now()
       WHERE id = $1 AND status IN ('requires_payment', 'processing')""";
  private static final String CANCELED = """
      UPDATE payments SET status = 'failed', updated_at = now() WHERE id = $1 AND status IN ('requires_payment', 'processing')""";
  /** Through communications' outbox, once per dedupe key (V12); the payload names ids and amounts only. */
  private static final String QUEUE = """
      INSERT INTO outbox (kind, channel, user_id, payload, dedupe_key) VALUES ($1, 'email', $2, $3, $4)
      ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING""";

  private PaymentRows() {
  }

  /** True when the event is new (recorded now, in the caller's transaction); false when it took effect before. */
  static Future<Boolean> record(SqlClient sql, String eventId, String type) {
    return sql.preparedQuery(RECORD).execute(Tuple.of(eventId, type)).map(rows -> rows.rowCount() > 0);
  }

  static Future<EventPayment> byIntent(SqlClient sql, String intentId) {
    return intentId == null ? Future.succeededFuture() : one(sql, BY_INTENT, Tuple.of(intentId));
  }

  static Future<EventPayment> byId(SqlClient sql, UUID id) {
    return one(sql, BY_ID, Tuple.of(id));
  }

  static Future<EventPayment> byCharge(SqlClient sql, String chargeId) {
    return chargeId == null ? Future.succeededFuture() : one(sql, BY_CHARGE, Tuple.of(chargeId));
  }

  static Future<EventPayment> byIdForIntent(SqlClient sql, UUID paymentId, String intentId) {
    return paymentId == null ? Future.succeededFuture() : one(sql, BY_ID_FOR_INTENT, Tuple.of(paymentId, intentId));
  }

  static Future<EventPayment> byRefund(SqlClient sql, UUID refundId) {
    return refundId == null ? Future.succeededFuture() : one(sql, BY_REFUND, Tuple.of(refundId));
  }

  static Future<Boolean> attach(SqlClient sql, UUID id, String intentId, String clientSecret) {
    return changed(sql, ATTACH, Tuple.of(id, intentId, clientSecret));
  }

  static Future<Boolean> hold(SqlClient sql, UUID id, String chargeId) {
    return changed(sql, HOLD, Tuple.of(id, chargeId));
  }

  static Future<Boolean> processing(SqlClient sql, UUID id) {
    return changed(sql, PROCESSING, Tuple.of(id));
  }

  static Future<Boolean> paymentFailed(SqlClient sql, UUID id, String failureCode) {
    return changed(sql, PAYMENT_FAILED, Tuple.of(id, failureCode));
  }

  static Future<Boolean> canceled(SqlClient sql, UUID id) {
    return changed(sql, CANCELED, Tuple.of(id));
  }

  static Future<Boolean> queue(SqlClient sql, String kind, UUID userId, JsonObject payload, String dedupeKey) {
    return changed(sql, QUEUE, Tuple.from(Arrays.asList(kind, userId, payload, dedupeKey)));
  }

  static Future<Boolean> changed(SqlClient sql, String statement, Tuple params) {
    return sql.preparedQuery(statement).execute(params).map(rows -> rows.rowCount() > 0);
  }

  private static Future<EventPayment> one(SqlClient sql, String query, Tuple params) {
    return sql.preparedQuery(query).execute(params).map(PaymentRows::first);
  }

  private static EventPayment first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : EventPayment.of(rows.iterator().next());
  }
}
