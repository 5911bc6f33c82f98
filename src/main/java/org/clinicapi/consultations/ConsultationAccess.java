package org.clinicapi.consultations;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;

import java.util.UUID;

/**
 * Who sees a consultation and its clinical notes. Same visibility as appointments: a patient their own,
 * staff those at their locations (superadmin all). Clinical notes go only to the consultation's provider,
 * its own patient and staff who may read records (so never to billing, who read consultations for
 * invoicing only).
 */
final class ConsultationAccess {
  private ConsultationAccess() {
  }

  static boolean sees(CurrentUser caller, UUID patientId, UUID locationId) {
    return caller.isPatient() ? caller.id().equals(patientId) : caller.seesLocation(locationId);
  }

  static boolean seesNotes(CurrentUser caller, UUID providerId) {
    return caller.id().equals(providerId) || caller.can(Permission.RECORDS_READ);
  }

  /** Only the consultation's own provider writes its clinical notes (not a manager, not a superadmin). */
  static boolean writesNotes(CurrentUser caller, UUID providerId) {
    return caller.id().equals(providerId) && caller.can(Permission.CLINICAL_NOTES_WRITE);
  }
}
