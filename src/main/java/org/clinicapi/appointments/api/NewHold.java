package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.common.IdempotentRequest;

import java.time.Instant;
import java.util.UUID;

/**
 * A slot to keep for its creator; the patient may be left open by staff; {@code endsAt} null for one slot
 * (resolved by the service, as for a booking). {@code audit}: the success event,
 * appended in the hold's transaction with the hold's id (null outside a request). {@code idempotency}: the
 * request's Idempotency-Key, whose answer is stored in the same transaction (null without one). {@code byPatient}:
 * a patient holds for themself, which only a verified provider accepts.
 */
public record NewHold(UUID actorId, UUID patientId, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt,
    AuditEvent audit, IdempotentRequest idempotency, boolean byPatient) {

  public NewHold by(UUID actor, boolean patientActor, UUID patient, AuditEvent success, IdempotentRequest key) {
    return new NewHold(actor, patient, providerId, locationId, startsAt, endsAt, success, key, patientActor);
  }
}
