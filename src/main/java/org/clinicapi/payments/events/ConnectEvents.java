package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;

/**
 * Connect: {@code account.updated} records whether a provider's account can be paid (payouts enabled and the
 * transfers capability active); {@code transfer.reversed} keeps {@code reversed_amount} no lower than Stripe's.
 */
final class ConnectEvents {
  private static final String ACCOUNT = """
      UPDATE payout_accounts SET payouts_enabled = $2, details_submitted = $3, updated_at = now()
       WHERE stripe_account_id = $1 AND (payouts_enabled <> $2 OR details_submitted <> $3)""";
  /**
   * A reversal made at Stripe directly. While one of our refunds is reversing this transfer (its reversal not yet
   * recorded), the refund flow records it: raising the sum here as well would count it twice.
   */
  private static final String REVERSED = """
      UPDATE payments p SET reversed_amount = least($2, p.transfer_amount), updated_at = now()
       WHERE p.transfer_id = $1 AND p.reversed_amount < least($2, p.transfer_amount)
         AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending'
                          AND r.reversal_amount > 0 AND r.reversal_id IS NULL)
      RETURNING p.id""";

  private ConnectEvents() {
  }

  static Future<Void> account(SqlClient sql, StripeEvent e, AfterCommit after) {
    JsonObject account = e.object();
    String id = StripeObjects.string(account, "id");
    if (id == null) {
      return Future.succeededFuture();
    }
    JsonObject capabilities = StripeObjects.object(account, "capabilities");
    boolean transfers = "active".equals(StripeObjects.string(capabilities, "transfers"));
    boolean enabled = StripeObjects.flag(account, "payouts_enabled") && transfers;
    return PaymentRows.changed(sql, ACCOUNT, Tuple.of(id, enabled, StripeObjects.flag(account, "details_submitted")))
        .mapEmpty();
  }

  static Future<Void> transferReversed(SqlClient sql, StripeEvent e, AfterCommit after) {
    String id = StripeObjects.string(e.object(), "id");
    if (id == null) {
      return Future.succeededFuture();
    }
    return sql.preparedQuery(REVERSED).execute(Tuple.of(id, StripeObjects.amount(e.object(), "amount_reversed")))
        .map(rows -> {
          rows.forEach(r -> after.changed(r.getUUID("id")));
          return null;
        });
  }
}
