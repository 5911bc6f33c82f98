package org.clinicapi.payments.events;

import io.vertx.sqlclient.Row;

import java.util.Set;
import java.util.UUID;

/** A payment as an event's effects see it: locked (FOR UPDATE) for the rest of the event's transaction. */
record EventPayment(UUID id, UUID appointmentId, UUID patientId, long amount, String currency, String status,
    String intentId, String chargeId, long refundReserved, long refundedAmount, String disputeStatus,
    boolean wasReleased) {
  /** The charge succeeded (whatever happened since): the money came in and was booked as held. */
  private static final Set<String> PAID = Set.of("held", "released", "charged_back");

  static final String COLUMNS = """
      id, appointment_id, patient_id, amount, currency, status, stripe_payment_intent_id, charge_id, refund_reserved,
      refunded_amount, dispute_status, released_at IS NOT NULL AS was_released""";

  static EventPayment of(Row r) {
    return new EventPayment(r.getUUID("id"), r.getUUID("appointment_id"), r.getUUID("patient_id"), r.getLong("amount"),
        r.getString("currency"), r.getString("status"), r.getString("stripe_payment_intent_id"), r.getString("charge_id"),
        r.getLong("refund_reserved"), r.getLong("refunded_amount"), r.getString("dispute_status"),
        r.getBoolean("was_released"));
  }

  boolean paid() {
    return PAID.contains(status);
  }

  EventPayment withStatus(String newStatus, String charge) {
    return new EventPayment(id, appointmentId, patientId, amount, currency, newStatus, intentId, charge, refundReserved,
        refundedAmount, disputeStatus, wasReleased);
  }
}
