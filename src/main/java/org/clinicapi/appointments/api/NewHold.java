package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A slot to keep for its creator; the patient may be left open by staff. {@code audit}: the success event,
 * appended in the hold's transaction with the hold's id (null outside a request).
 */
public record NewHold(UUID actorId, UUID patientId, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt,
    AuditEvent audit) {

  public NewHold by(UUID actor, UUID patient, Instant end, AuditEvent success) {
    return new NewHold(actor, patient, providerId, locationId, startsAt, end, success);
  }
}
