package org.clinicapi.payments.stripe;

import java.util.Map;

/**
 * A transfer to a connected account. {@code sourceTransaction} is the charge whose funds it uses, so it can be
 * made before those funds are available in the platform balance.
 */
public record NewTransfer(long amount, String currency, String destination, String sourceTransaction,
    String transferGroup, Map<String, String> metadata) {
  public NewTransfer {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
