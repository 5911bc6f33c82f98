package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A state-machine step by {@code actorId}; {@code reason} for a cancellation, {@code notBefore} for a patient;
 * {@code audit}: the success event, appended in the step's transaction (null outside a request).
 */
public record StatusChange(UUID id, AppointmentTransition transition, UUID actorId, String reason, Instant notBefore,
    AuditEvent audit) {
}
