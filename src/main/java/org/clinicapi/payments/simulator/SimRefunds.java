package org.clinicapi.payments.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Refunds and disputes of paid intents. A refund is created {@code pending} and counted against the charge
 * at once (so two refunds can never exceed it); {@link #succeedRefund} settles it ({@code charge.refunded},
 * {@code refund.updated}).
 */
final class SimRefunds {
  final SimObjects refunds = new SimObjects("refund", "/v1/refunds");
  final SimObjects disputes = new SimObjects("dispute", "/v1/disputes");
  private final SimPayments payments;
  private final Effects effects;

  SimRefunds(SimPayments payments, Effects effects) {
    this.payments = payments;
    this.effects = effects;
  }

  JsonObject create(JsonObject p) {
    JsonObject charge = chargeToRefund(p);
    long remaining = charge.getLong("amount") - charge.getLong("amount_refunded");
    if (remaining == 0) {
      throw SimError.invalid("charge_already_refunded", null,
          "Charge " + charge.getString("id") + " has already been refunded.");
    }
    Long asked = Params.amount(p, "amount", false);
    long amount = asked == null ? remaining : asked;
    if (amount > remaining) {
      throw SimError.invalid("amount_too_large", "amount", "Refund amount (" + amount
          + ") is greater than unrefunded amount on charge (" + remaining + ")");
    }
    charge.put("amount_refunded", charge.getLong("amount_refunded") + amount);
    String id = SimIds.next("re_");
    JsonObject refund = refunds.add(new JsonObject().put("id", id).put("object", "refund").put("amount", amount)
        .put("balance_transaction", SimIds.next("txn_")).put("charge", charge.getString("id"))
        .put("created", SimIds.now()).put("currency", charge.getString("currency"))
        .put("metadata", Params.metadata(p)).put("payment_intent", charge.getString("payment_intent"))
        .put("reason", Params.string(p, "reason")).put("status", "pending"));
    effects.later(() -> succeedRefund(id));
    return refund;
  }

  Future<Void> succeedRefund(String id) {
    JsonObject refund = refunds.byPath(id);
    if (!"pending".equals(refund.getString("status"))) {
      return Future.failedFuture(SimError.invalid("refund_unexpected_state", null, "Refund " + id + " is "
          + refund.getString("status") + "."));
    }
    refund.put("status", "succeeded");
    JsonObject charge = payments.charges.find(refund.getString("charge"));
    charge.put("refunded", charge.getLong("amount_refunded").equals(charge.getLong("amount")));
    return Future.all(effects.emit("charge.refunded", charge, Cause.NONE),
        effects.emit("refund.updated", refund, Cause.NONE)).mapEmpty();
  }

  Future<Void> dispute(String intentId) {
    JsonObject charge = payments.paidCharge(payments.intents.byPath(intentId));
    if (charge.getBoolean("disputed")) {
      return Future.failedFuture(SimError.invalid("charge_disputed", null, "Charge is already disputed."));
    }
    charge.put("disputed", true);
    JsonObject dispute = disputes.add(new JsonObject().put("id", SimIds.next("dp_")).put("object", "dispute")
        .put("amount", charge.getLong("amount") - charge.getLong("amount_refunded"))
        .put("charge", charge.getString("id")).put("created", SimIds.now())
        .put("currency", charge.getString("currency")).put("is_charge_refundable", false).put("livemode", false)
        .put("metadata", new JsonObject()).put("payment_intent", intentId).put("reason", "fraudulent")
        .put("status", "needs_response"));
    return effects.emit("charge.dispute.created", dispute, Cause.NONE);
  }

  /** {@code status}: {@code won} or {@code lost}. */
  Future<Void> closeDispute(String intentId, String status) {
    if (!"won".equals(status) && !"lost".equals(status)) {
      return Future.failedFuture(new IllegalArgumentException("a dispute closes as won or lost"));
    }
    JsonObject dispute = disputes.stream().filter(d -> intentId.equals(d.getString("payment_intent")))
        .filter(d -> "needs_response".equals(d.getString("status"))).findFirst()
        .orElseThrow(() -> SimError.notFound("dispute", "of " + intentId, "payment_intent", 404));
    dispute.put("status", status);
    return effects.emit("charge.dispute.closed", dispute, Cause.NONE);
  }

  /** Refunds name the payment intent (as we do) or the charge. */
  private JsonObject chargeToRefund(JsonObject p) {
    String intentId = Params.string(p, "payment_intent");
    String chargeId = Params.string(p, "charge");
    if (intentId == null && chargeId == null) {
      throw SimError.missing("payment_intent");
    }
    JsonObject intent = intentId != null ? payments.intents.byParam(intentId, "payment_intent")
        : payments.intents.byParam(payments.charges.byParam(chargeId, "charge").getString("payment_intent"), "charge");
    return payments.paidCharge(intent);
  }
}
