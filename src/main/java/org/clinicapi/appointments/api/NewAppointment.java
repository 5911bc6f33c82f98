package org.clinicapi.appointments.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking as validated by the routes: {@code endsAt} resolved by scheduling, {@code holdId} to book the
 * caller's own hold, {@code overrideReason} to book over a conflict.
 */
public record NewAppointment(UUID actorId, UUID patientId, UUID providerId, UUID locationId, Instant startsAt,
    Instant endsAt, String reason, String notes, String overrideReason, UUID holdId) {

  public NewAppointment by(UUID actor, UUID patient, Instant end) {
    return new NewAppointment(actor, patient, providerId, locationId, startsAt, end, reason, notes, overrideReason, holdId);
  }
}
