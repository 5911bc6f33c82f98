package org.clinicapi.appointments.api;

import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.common.IdempotentRequest;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking as validated by the routes: {@code endsAt} null for one slot of the provider's length (the service
 * resolves it with scheduling's booking rules, in the booking's transaction), {@code holdId} to book the
 * caller's own hold, {@code overrideReason} to book over a conflict. {@code audit} is the success event the
 * service appends in the booking's transaction (its resource id and patient filled in there), or null for a
 * caller outside any request. {@code idempotency}: the request's Idempotency-Key (hashed) and fingerprint,
 * under which the answer is stored in the booking's transaction, or null without a key. {@code byPatient}: the
 * caller is a patient booking for themself, who may book verified providers only.
 */
public record NewAppointment(UUID actorId, UUID patientId, UUID providerId, UUID locationId, Instant startsAt,
    Instant endsAt, String reason, String notes, String overrideReason, UUID holdId, AuditEvent audit, IdempotentRequest idempotency,
    boolean byPatient) {

  public NewAppointment by(UUID actor, boolean patientActor, UUID patient, AuditEvent success, IdempotentRequest key) {
    return new NewAppointment(actor, patient, providerId, locationId, startsAt, endsAt, reason, notes, overrideReason, holdId,
        success, key, patientActor);
  }
}
