package org.clinicapi.consultations.api;

import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;

import java.util.UUID;

/**
 * A PATCH as validated by the routes: {@code status} null to keep it, {@code clinicalNotes} when
 * {@code notesSet} (null clears them). {@code audit}: the success event, appended in the change's
 * transaction with the patient (null outside a request: nothing is recorded).
 */
public record ConsultationChange(CurrentUser caller, UUID id, String status, boolean notesSet, String clinicalNotes,
    AuditEvent audit) {

  public ConsultationChange audited(AuditEvent success) {
    return new ConsultationChange(caller, id, status, notesSet, clinicalNotes, success);
  }
}
