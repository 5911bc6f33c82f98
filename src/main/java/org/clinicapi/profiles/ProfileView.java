package org.clinicapi.profiles;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;

import java.util.Locale;
import java.util.UUID;

/**
 * Which part of a profile a caller may read, decided by role permissions (location scope is the service's):
 * <ul>
 *   <li>{@code FULL}: the patient themselves, and staff with {@code records:read};</li>
 *   <li>{@code BILLING}: staff without {@code records:read} who hold {@code payments:read} (the billing role):
 *   demographics (date of birth, sex, language, address) and insurance, for claims and invoices; never the
 *   clinical lists (allergies, medications, conditions) nor the emergency contact;</li>
 *   <li>null: nobody else (a patient asking for another patient is a 404, decided by the service).</li>
 * </ul>
 * Writing needs being the patient, or staff with {@code records:write}.
 */
enum ProfileView {
  FULL, BILLING;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null when the caller's role reads no profiles at all. */
  static ProfileView of(CurrentUser caller, UUID patientId) {
    if (caller.isPatient()) {
      return caller.id().equals(patientId) ? FULL : null;
    }
    if (!caller.role().staff()) {
      return null;
    }
    if (caller.can(Permission.RECORDS_READ)) {
      return FULL;
    }
    return caller.can(Permission.PAYMENTS_READ) ? BILLING : null;
  }

  static boolean writes(CurrentUser caller, UUID patientId) {
    return caller.isPatient() ? caller.id().equals(patientId) : caller.role().staff() && caller.can(Permission.RECORDS_WRITE);
  }
}
