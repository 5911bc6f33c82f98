package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A PATCH of an appointment: the resulting times (unchanged unless given), those it had, a new reason or
 * null, notes when {@code notesSet}, and {@code notBefore} for a patient (the 24-hour rule, checked in the
 * UPDATE itself). With {@code timesGiven} the service checks the times against scheduling's booking rules at
 * {@code locationId} in the change's own transaction; {@code endsAt} is then null for one slot from the start. {@code audit}: the success event, appended in the change's transaction (null outside a request).
 */
public record AppointmentChange(UUID id, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt, boolean timesGiven,
    Instant previousStartsAt, Instant previousEndsAt, String reason, boolean notesSet, String notes, Instant notBefore, AuditEvent audit) {

  /** The change with its end resolved by the booking rules. */
  public AppointmentChange endingAt(Instant end) {
    return new AppointmentChange(id, providerId, locationId, startsAt, end, timesGiven, previousStartsAt, previousEndsAt, reason, notesSet,
        notes, notBefore, audit);
  }

  public boolean moved() {
    return !startsAt.equals(previousStartsAt) || !endsAt.equals(previousEndsAt);
  }
}
