package org.clinicapi.payments.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * PaymentIntents and their charges. A new intent waits for a payment method; {@link #succeed} stands for the
 * customer paying (a succeeded charge, {@code payment_intent.succeeded}), {@link #fail} for a declined card.
 */
final class SimPayments {
  static final String DECLINED_METHOD = "pm_card_chargeDeclined";
  private static final Set<String> OPEN = Set.of("requires_payment_method", "requires_confirmation",
      "requires_action", "processing");

  final SimObjects intents = new SimObjects("payment_intent", "/v1/payment_intents");
  final SimObjects charges = new SimObjects("charge", "/v1/charges");
  private final Effects effects;

  SimPayments(Effects effects) {
    this.effects = effects;
  }

  JsonObject create(JsonObject p) {
    long amount = Params.amount(p, "amount", true);
    String currency = Params.currency(p);
    String id = SimIds.next("pi_");
    boolean automatic = Params.isTrue(p, "automatic_payment_methods", "enabled");
    JsonObject intent = new JsonObject().put("id", id).put("object", "payment_intent").put("amount", amount)
        .put("amount_capturable", 0).put("amount_received", 0).put("automatic_payment_methods", automatic
            ? new JsonObject().put("enabled", true).put("allow_redirects", "always") : null)
        .put("canceled_at", null).put("cancellation_reason", null).put("capture_method", "automatic")
        .put("client_secret", id + "_secret_" + SimIds.random(25)).put("confirmation_method", "automatic")
        .put("created", SimIds.now()).put("currency", currency).put("customer", null)
        .put("description", Params.string(p, "description")).put("last_payment_error", null)
        .put("latest_charge", null).put("livemode", false).put("metadata", Params.metadata(p))
        .put("payment_method", null).put("payment_method_types", new JsonArray().add("card"))
        .put("status", "requires_payment_method").put("transfer_group", Params.string(p, "transfer_group"));
    intents.add(intent);
    effects.later(() -> succeed(id, Cause.NONE));
    return intent;
  }

  /** Confirms with a test payment method: {@value #DECLINED_METHOD} declines (402), anything else pays. */
  JsonObject confirm(String id, JsonObject p, Cause cause) {
    JsonObject intent = open(intents.byPath(id));
    if (DECLINED_METHOD.equals(Params.string(p, "payment_method"))) {
      fail(id, cause);
      throw SimError.card("card_declined", "generic_decline", "Your card was declined.", intent.copy());
    }
    succeed(id, cause);
    return intent;
  }

  JsonObject cancel(String id, JsonObject p, Cause cause) {
    JsonObject intent = intents.byPath(id);
    if (!OPEN.contains(intent.getString("status"))) {
      throw unexpectedState(intent, "cancel");
    }
    intent.put("status", "canceled").put("canceled_at", SimIds.now())
        .put("cancellation_reason", Params.string(p, "cancellation_reason"));
    effects.emit("payment_intent.canceled", intent, cause);
    return intent;
  }

  Future<Void> succeed(String id, Cause cause) {
    JsonObject intent = open(intents.byPath(id));
    JsonObject charge = charge(intent, "succeeded");
    intent.put("status", "succeeded").put("amount_received", intent.getLong("amount"))
        .put("latest_charge", charge.getString("id")).put("payment_method", charge.getString("payment_method"))
        .put("last_payment_error", null);
    return effects.emit("payment_intent.succeeded", intent, cause);
  }

  Future<Void> fail(String id, Cause cause) {
    JsonObject intent = open(intents.byPath(id));
    JsonObject charge = charge(intent, "failed");
    intent.put("status", "requires_payment_method").put("latest_charge", charge.getString("id"))
        .put("last_payment_error", new JsonObject().put("type", "card_error").put("code", "card_declined")
            .put("decline_code", "generic_decline").put("message", "Your card was declined."));
    return effects.emit("payment_intent.payment_failed", intent, cause);
  }

  /** The intent's succeeded charge, or the 400 Stripe gives when there is none to refund or dispute. */
  JsonObject paidCharge(JsonObject intent) {
    JsonObject charge = charges.find(intent.getString("latest_charge"));
    if (charge == null || !"succeeded".equals(charge.getString("status"))) {
      throw SimError.invalid("charge_not_succeeded", "payment_intent", "This PaymentIntent ("
          + intent.getString("id") + ") does not have a successful charge to refund.");
    }
    return charge;
  }

  private JsonObject charge(JsonObject intent, String status) {
    boolean paid = "succeeded".equals(status);
    long amount = intent.getLong("amount");
    return charges.add(new JsonObject().put("id", SimIds.next("ch_")).put("object", "charge").put("amount", amount)
        .put("amount_captured", paid ? amount : 0).put("amount_refunded", 0)
        .put("balance_transaction", paid ? SimIds.next("txn_") : null).put("captured", paid)
        .put("created", SimIds.now()).put("currency", intent.getString("currency")).put("disputed", false)
        .put("failure_code", paid ? null : "card_declined")
        .put("failure_message", paid ? null : "Your card was declined.").put("livemode", false)
        .put("metadata", intent.getJsonObject("metadata").copy()).put("paid", paid)
        .put("payment_intent", intent.getString("id")).put("payment_method", SimIds.next("pm_"))
        .put("refunded", false).put("status", status).put("transfer_group", intent.getString("transfer_group")));
  }

  private static JsonObject open(JsonObject intent) {
    if (!OPEN.contains(intent.getString("status"))) {
      throw unexpectedState(intent, "confirm");
    }
    return intent;
  }

  private static SimError unexpectedState(JsonObject intent, String action) {
    return SimError.invalid("payment_intent_unexpected_state", null, "You cannot " + action
        + " this PaymentIntent because it has a status of " + intent.getString("status") + ".");
  }
}
