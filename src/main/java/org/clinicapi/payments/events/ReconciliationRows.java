package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What the reconciliation compares Stripe's recent objects with: our rows for their ids, in one query per kind. */
final class ReconciliationRows {
  /** Ours as compared: keyed by the Stripe id when stored, else by our id (found through Stripe's metadata). */
  record Ours(UUID id, String stripeId, String status, long amount) {
  }

  private static final String PAYMENTS = """
      SELECT id, stripe_payment_intent_id AS stripe_id, status, 0::bigint AS amount FROM payments
       WHERE stripe_payment_intent_id = ANY ($1) OR (id = ANY ($2) AND stripe_payment_intent_id IS NULL)""";
  private static final String REFUNDS = """
      SELECT id, stripe_refund_id AS stripe_id, status, 0::bigint AS amount FROM refunds
       WHERE stripe_refund_id = ANY ($1) OR (id = ANY ($2) AND stripe_refund_id IS NULL)""";
  /** Payments of the refunds' intents: a refund of an intent that is not ours is none of our business. */
  private static final String INTENTS = """
      SELECT id, stripe_payment_intent_id AS stripe_id, status, 0::bigint AS amount FROM payments
       WHERE stripe_payment_intent_id = ANY ($1)""";
  private static final String TRANSFERS = """
      SELECT id, transfer_id AS stripe_id, status, reversed_amount AS amount FROM payments
       WHERE transfer_id = ANY ($1) OR id = ANY ($2)""";

  private ReconciliationRows() {
  }

  static Future<Map<String, Ours>> payments(SqlClient sql, String[] intentIds, UUID[] paymentIds) {
    return rows(sql, PAYMENTS, Tuple.tuple().addArrayOfString(intentIds).addArrayOfUUID(paymentIds));
  }

  static Future<Map<String, Ours>> refunds(SqlClient sql, String[] refundIds, UUID[] ourIds) {
    return rows(sql, REFUNDS, Tuple.tuple().addArrayOfString(refundIds).addArrayOfUUID(ourIds));
  }

  static Future<Map<String, Ours>> intents(SqlClient sql, String[] intentIds) {
    return rows(sql, INTENTS, Tuple.tuple().addArrayOfString(intentIds));
  }

  static Future<Map<String, Ours>> transfers(SqlClient sql, String[] transferIds, UUID[] paymentIds) {
    return rows(sql, TRANSFERS, Tuple.tuple().addArrayOfString(transferIds).addArrayOfUUID(paymentIds));
  }

  /** Each row under its Stripe id and under our id. */
  private static Future<Map<String, Ours>> rows(SqlClient sql, String query, Tuple params) {
    return sql.preparedQuery(query).execute(params).map(rows -> {
      Map<String, Ours> byKey = new HashMap<>();
      for (Row r : rows) {
        Ours ours = new Ours(r.getUUID("id"), r.getString("stripe_id"), r.getString("status"), r.getLong("amount"));
        byKey.put(ours.id().toString(), ours);
        if (ours.stripeId() != null) {
          byKey.put(ours.stripeId(), ours);
        }
      }
      return byKey;
    });
  }
}
