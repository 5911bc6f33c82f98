package org.clinicapi.payments.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment as the API shows it. {@code status} is the API's: the life cycle ({@code requires_payment},
 * {@code processing}, {@code held}, {@code released}, {@code failed}, {@code charged_back}), shown as
 * {@code refunded} / {@code partially_refunded} once refunds took all or part of a held or released payment.
 * Amounts are integer minor units of {@code currency} (JPY has none). {@code clientSecret} is set only in the
 * answers of {@code POST /payments/intents} (to the patient who pays); never logged.
 */
public record Payment(UUID id, UUID appointmentId, UUID patientId, UUID providerId, UUID locationId, long amount,
    String currency, String status, long refundedAmount, String providerPaymentIntentId, String clientSecret,
    Long transferAmount, Long feeAmount, String releaseBlockedReason, String disputeStatus, String failureCode,
    Instant heldAt, Instant releasedAt, Instant createdAt, Instant updatedAt) {

  public Payment withoutSecret() {
    return clientSecret == null ? this : new Payment(id, appointmentId, patientId, providerId, locationId, amount, currency,
        status, refundedAmount, providerPaymentIntentId, null, transferAmount, feeAmount, releaseBlockedReason,
        disputeStatus, failureCode, heldAt, releasedAt, createdAt, updatedAt);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id.toString()).put("paymentId", id.toString())
        .put("appointmentId", appointmentId.toString()).put("patientId", patientId.toString())
        .put("providerId", providerId.toString()).put("locationId", locationId.toString())
        .put("amount", amount).put("currency", currency).put("status", status).put("refundedAmount", refundedAmount)
        .put("providerPaymentIntentId", providerPaymentIntentId);
    putIfSet(json, "clientSecret", clientSecret);
    putIfSet(json, "transferAmount", transferAmount);
    putIfSet(json, "feeAmount", feeAmount);
    putIfSet(json, "releaseBlockedReason", releaseBlockedReason);
    putIfSet(json, "disputeStatus", disputeStatus);
    putIfSet(json, "failureCode", failureCode);
    putIfSet(json, "heldAt", heldAt == null ? null : heldAt.toString());
    putIfSet(json, "releasedAt", releasedAt == null ? null : releasedAt.toString());
    return json.put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "Payment[id=" + id + ", status=" + status + ", amount=" + amount + " " + currency + "]";
  }
}
