package org.clinicapi.payments.stripe;

/** A (partial) reversal of a transfer. */
public record Reversal(String id, String transferId, long amount) {
}
