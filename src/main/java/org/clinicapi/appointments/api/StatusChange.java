package org.clinicapi.appointments.api;

import java.time.Instant;
import java.util.UUID;

/** A state-machine step by {@code actorId}; {@code reason} for a cancellation, {@code notBefore} for a patient. */
public record StatusChange(UUID id, AppointmentTransition transition, UUID actorId, String reason, Instant notBefore) {
}
