package org.clinicapi.payments.stripe;

import java.util.Map;

/** The fields of a Transfer we use. */
public record Transfer(String id, long amount, String currency, String destination, long amountReversed,
    String transferGroup, Map<String, String> metadata, long created) {
  public Transfer {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
