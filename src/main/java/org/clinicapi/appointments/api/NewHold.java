package org.clinicapi.appointments.api;

import java.time.Instant;
import java.util.UUID;

/** A slot to keep for its creator; the patient may be left open by staff. */
public record NewHold(UUID actorId, UUID patientId, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt) {

  public NewHold by(UUID actor, UUID patient, Instant end) {
    return new NewHold(actor, patient, providerId, locationId, startsAt, end);
  }
}
