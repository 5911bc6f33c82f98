package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * {@code payment_intent.*}: the payment is found by its intent, or by {@code metadata.paymentId} when the
 * answer to our create call was lost before the intent id was stored (then it is attached here). An intent
 * no payment of ours knows (another platform's, or a test's) changes nothing.
 */
final class IntentEvents {
  private static final Logger LOG = LoggerFactory.getLogger(IntentEvents.class);
  private static final int FAILURE_CODE_MAX = 64;

  private IntentEvents() {
  }

  static Future<Void> created(SqlClient sql, StripeEvent e, AfterCommit after) {
    return payment(sql, e.object(), after).mapEmpty();
  }

  static Future<Void> succeeded(SqlClient sql, StripeEvent e, AfterCommit after) {
    JsonObject intent = e.object();
    return payment(sql, intent, after).compose(p -> {
      if (p == null) {
        return Future.succeededFuture();
      }
      if (p.amount() != StripeObjects.amount(intent, "amount") || !p.currency().equals(StripeObjects.string(intent, "currency"))) {
        // Never hold on an amount we did not ask for; the reconciliation counts what stays unpaid.
        LOG.warn("payment_intent.succeeded {} for payment {}: amount or currency differs, not applied", e.id(), p.id());
        return Future.succeededFuture();
      }
      return Holds.ensure(sql, p, StripeObjects.id(intent, "latest_charge"), after).mapEmpty();
    });
  }

  static Future<Void> processing(SqlClient sql, StripeEvent e, AfterCommit after) {
    return payment(sql, e.object(), after).compose(p -> p == null ? Future.succeededFuture()
        : PaymentRows.processing(sql, p.id()).map(changed -> mark(after, p.id(), changed)));
  }

  /** A declined attempt: the patient may try again with the same intent (while it is not paid). */
  static Future<Void> paymentFailed(SqlClient sql, StripeEvent e, AfterCommit after) {
    String code = StripeObjects.string(StripeObjects.object(e.object(), "last_payment_error"), "code");
    String failure = code == null ? "payment_failed" : code.substring(0, Math.min(code.length(), FAILURE_CODE_MAX));
    return payment(sql, e.object(), after).compose(p -> p == null ? Future.succeededFuture()
        : PaymentRows.paymentFailed(sql, p.id(), failure).map(changed -> mark(after, p.id(), changed)));
  }

  /** Cancelled at Stripe: this payment will never take money (a new intent may be made for the appointment). */
  static Future<Void> canceled(SqlClient sql, StripeEvent e, AfterCommit after) {
    return payment(sql, e.object(), after).compose(p -> p == null ? Future.succeededFuture()
        : PaymentRows.canceled(sql, p.id()).map(changed -> mark(after, p.id(), changed)));
  }

  /** Ours, locked, with this intent attached; null when the intent is not ours. */
  private static Future<EventPayment> payment(SqlClient sql, JsonObject intent, AfterCommit after) {
    String intentId = StripeObjects.string(intent, "id");
    if (intentId == null) {
      return Future.succeededFuture();
    }
    return PaymentRows.byIntent(sql, intentId).compose(p -> {
      if (p != null) {
        return Future.succeededFuture(p);
      }
      UUID paymentId = StripeObjects.metadataId(intent, "paymentId");
      return PaymentRows.byIdForIntent(sql, paymentId, intentId).compose(found -> found == null || found.intentId() != null
          ? Future.succeededFuture(found)
          : PaymentRows.attach(sql, found.id(), intentId, StripeObjects.string(intent, "client_secret")).map(attached -> {
            LOG.info("intent {} attached to payment {} from its metadata", intentId, found.id());
            after.changed(found.id());
            return found;
          }));
    });
  }

  private static Void mark(AfterCommit after, UUID paymentId, boolean changed) {
    if (changed) {
      after.changed(paymentId);
    }
    return null;
  }
}
