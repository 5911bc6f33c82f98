package org.clinicapi.consultations.api;

import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;

import java.util.UUID;

/**
 * A consultation to open for an appointment, as validated by the routes; {@code videoUrl} only for video.
 * {@code audit}: the success event, appended in the create's transaction with the new id and the patient
 * (null outside a request: nothing is recorded).
 */
public record NewConsultation(CurrentUser caller, UUID appointmentId, String mode, String videoUrl, AuditEvent audit) {

  public NewConsultation audited(AuditEvent success) {
    return new NewConsultation(caller, appointmentId, mode, videoUrl, success);
  }
}
