package org.clinicapi.payments.stripe;

import java.util.Map;

/** The fields of a Refund we use; status is Stripe's (pending, succeeded, failed, canceled, ...). */
public record Refund(String id, String paymentIntentId, long amount, String currency, String status,
    Map<String, String> metadata, long created) {
  public Refund {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
