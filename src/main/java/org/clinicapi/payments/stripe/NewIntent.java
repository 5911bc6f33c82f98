package org.clinicapi.payments.stripe;

import java.util.Map;

/** What a new PaymentIntent is created with; amount in the currency's smallest unit (cents). */
public record NewIntent(long amount, String currency, Map<String, String> metadata, String transferGroup,
    String description) {
  public NewIntent {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
