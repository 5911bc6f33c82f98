package org.clinicapi.payments.stripe;

import java.util.Map;

/** The fields of a PaymentIntent we use. {@code latestChargeId} is null until a charge was attempted. */
public record Intent(String id, String clientSecret, long amount, String currency, String status,
    String latestChargeId, Map<String, String> metadata, long created) {
  public Intent {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
