package org.clinicapi.payments.events;

import io.vertx.core.json.JsonObject;
import org.clinicapi.payments.stripe.Intent;
import org.clinicapi.payments.stripe.Refund;
import org.clinicapi.payments.stripe.Transfer;

import java.util.Map;

/** Stripe objects read through the API, as the JSON their events carry: what the applier reads of them. */
final class StripeSnapshots {
  private StripeSnapshots() {
  }

  static JsonObject intent(Intent i) {
    return new JsonObject().put("id", i.id()).put("object", "payment_intent").put("amount", i.amount())
        .put("currency", i.currency()).put("status", i.status()).put("latest_charge", i.latestChargeId())
        .put("client_secret", i.clientSecret()).put("metadata", metadata(i.metadata())).put("created", i.created());
  }

  static JsonObject refund(Refund r) {
    return new JsonObject().put("id", r.id()).put("object", "refund").put("amount", r.amount()).put("currency", r.currency())
        .put("status", r.status()).put("payment_intent", r.paymentIntentId()).put("metadata", metadata(r.metadata()))
        .put("created", r.created());
  }

  static JsonObject transfer(Transfer t) {
    return new JsonObject().put("id", t.id()).put("object", "transfer").put("amount", t.amount())
        .put("amount_reversed", t.amountReversed()).put("currency", t.currency()).put("destination", t.destination())
        .put("metadata", metadata(t.metadata())).put("created", t.created());
  }

  private static JsonObject metadata(Map<String, String> metadata) {
    JsonObject json = new JsonObject();
    metadata.forEach(json::put);
    return json;
  }
}
