package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A PATCH of an appointment: the resulting times (unchanged unless given), those it had, a new reason or
 * null, notes when {@code notesSet}, and {@code notBefore} for a patient (the 24-hour rule, checked in the
 * UPDATE itself). {@code audit}: the success event, appended in the change's transaction (null outside a request).
 */
public record AppointmentChange(UUID id, UUID providerId, Instant startsAt, Instant endsAt, Instant previousStartsAt,
    Instant previousEndsAt, String reason, boolean notesSet, String notes, Instant notBefore, AuditEvent audit) {

  public boolean moved() {
    return !startsAt.equals(previousStartsAt) || !endsAt.equals(previousEndsAt);
  }
}
