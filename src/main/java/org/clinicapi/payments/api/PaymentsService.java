package org.clinicapi.payments.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;
import org.clinicapi.common.Cursor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code payments.service}, served by the {@code PaymentsVerticle} (the one place that talks
 * to Stripe). Access rules are applied here, from the caller the HTTP layer passes: patients their own payments;
 * billing and managers those of their locations; superadmin all; what a caller may not see is a 404. Audited
 * reads and writes append their success event in their own transaction.
 */
public interface PaymentsService {

  /** The appointment's open payment: created (with its Stripe intent) or the existing one; {@code created} says which. */
  Future<IntentResult> createIntent(IntentRequest in);

  Future<Payment> get(PaymentRead in);

  /** Newest first, keyset paged. */
  Future<Page> list(PaymentQuery in);

  /** Reserves the amount (never more than what is left), asks Stripe, answers the refund as it stands. */
  Future<PaymentsService.RefundView> refund(RefundRequest in);

  /** The ledger lines of one payment, oldest first (billing, superadmin). */
  Future<LedgerLines> ledger(LedgerRead in);

  /** One line per account that has entries in {@code currency}. */
  Future<Balances> balances(String currency);

  /** Creates the provider's Connect Express account when missing; answers a fresh onboarding link. */
  Future<PaymentsService.PayoutLink> payoutAccount(PayoutRequest in);

  /** A verified Stripe event: takes effect once (its id stored with its effect), in any order. */
  Future<Void> applyEvent(StripeEvent in);

  Operation<PaymentsService, IntentRequest, IntentResult> CREATE_INTENT = op("createIntent", PaymentsService::createIntent);
  Operation<PaymentsService, PaymentRead, Payment> GET = op("get", PaymentsService::get);
  Operation<PaymentsService, PaymentQuery, Page> LIST = op("list", PaymentsService::list);
  Operation<PaymentsService, RefundRequest, RefundView> REFUND = op("refund", PaymentsService::refund);
  Operation<PaymentsService, LedgerRead, LedgerLines> LEDGER = op("ledger", PaymentsService::ledger);
  Operation<PaymentsService, String, Balances> BALANCES = op("balances", PaymentsService::balances);
  Operation<PaymentsService, PayoutRequest, PayoutLink> PAYOUT_ACCOUNT = op("payoutAccount", PaymentsService::payoutAccount);
  Operation<PaymentsService, StripeEvent, Void> APPLY_EVENT = op("applyEvent", PaymentsService::applyEvent);

  List<Operation<PaymentsService, ?, ?>> OPERATIONS = List.of(CREATE_INTENT, GET, LIST, REFUND, LEDGER, BALANCES,
      PAYOUT_ACCOUNT, APPLY_EVENT);

  private static <I, O> Operation<PaymentsService, I, O> op(String name, Operation.Invoker<PaymentsService, I, O> invoker) {
    return Operation.of(Addresses.PAYMENTS_SERVICE, name, invoker);
  }

  /** {@code audit}: the success event of a creation (completed with the payment id). */
  record IntentRequest(UUID appointmentId, CurrentUser caller, AuditEvent audit) {
  }

  record IntentResult(Payment payment, boolean created) {
  }

  /** Reads are audited by the routes once they succeed (the event names the payment's patient). */
  record PaymentRead(UUID id, CurrentUser caller) {
  }

  /** {@code appointmentId}, {@code status} (the API's status) null for any. */
  record PaymentQuery(CurrentUser caller, UUID appointmentId, String status, Cursor after, int limit) {
  }

  record Page(List<Payment> items, String nextCursor) {
    public JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(p -> json.add(p.withoutSecret().toJson()));
      return json;
    }
  }

  /** {@code amount} null: all that is left. */
  record RefundRequest(UUID paymentId, Long amount, String reason, CurrentUser caller, AuditEvent audit) {
  }

  /** {@code status}: pending (Stripe has not settled it yet, or could not be reached: it is retried), succeeded, failed. */
  record RefundView(UUID id, UUID paymentId, long amount, String currency, String reason, String kind, String status,
      long reversalAmount, String failureCode, Instant createdAt) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id.toString()).put("paymentId", paymentId.toString()).put("amount", amount)
          .put("currency", currency).put("reason", reason).put("kind", kind).put("status", status)
          .put("reversalAmount", reversalAmount).put("createdAt", createdAt.toString());
      return failureCode == null ? json : json.put("failureCode", failureCode);
    }
  }

  record LedgerRead(UUID paymentId, CurrentUser caller) {
  }

  /** {@code amountMinor}: debits positive, credits negative; each transaction's lines sum to zero. */
  record LedgerLine(UUID transactionId, String kind, String account, long amountMinor, String currency, Instant createdAt) {
    public JsonObject toJson() {
      return new JsonObject().put("transactionId", transactionId.toString()).put("kind", kind).put("account", account)
          .put("amountMinor", amountMinor).put("currency", currency).put("createdAt", createdAt.toString());
    }
  }

  /** A list crosses the bus inside a record (the codec names the payload's type). */
  record LedgerLines(List<LedgerLine> items) {
    public JsonArray toJson() {
      JsonArray json = new JsonArray();
      items.forEach(l -> json.add(l.toJson()));
      return json;
    }
  }

  record Balances(List<Balance> items) {
    public JsonArray toJson() {
      JsonArray json = new JsonArray();
      items.forEach(b -> json.add(b.toJson()));
      return json;
    }
  }

  record Balance(String account, String currency, long balanceMinor) {
    public JsonObject toJson() {
      return new JsonObject().put("account", account).put("currency", currency).put("balanceMinor", balanceMinor);
    }
  }

  record PayoutRequest(UUID providerId, CurrentUser caller, AuditEvent audit) {
  }

  record PayoutLink(String onboardingUrl, boolean payoutsEnabled) {
    public JsonObject toJson() {
      return new JsonObject().put("onboardingUrl", onboardingUrl).put("payoutsEnabled", payoutsEnabled);
    }
  }

  /** A Stripe event whose signature was verified: its id, type, creation time and {@code data.object}. */
  record StripeEvent(String id, String type, long created, JsonObject object) {
    @Override
    public String toString() {
      return "StripeEvent[id=" + id + ", type=" + type + "]";
    }
  }
}
