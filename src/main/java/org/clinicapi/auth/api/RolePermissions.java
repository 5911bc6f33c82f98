package org.clinicapi.auth.api;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.clinicapi.auth.api.Permission.APPOINTMENTS_OVERRIDE;
import static org.clinicapi.auth.api.Permission.APPOINTMENTS_READ;
import static org.clinicapi.auth.api.Permission.APPOINTMENTS_WRITE;
import static org.clinicapi.auth.api.Permission.AUDIT_READ;
import static org.clinicapi.auth.api.Permission.CLINICAL_NOTES_WRITE;
import static org.clinicapi.auth.api.Permission.CONSULTATIONS_READ;
import static org.clinicapi.auth.api.Permission.CONSULTATIONS_WRITE;
import static org.clinicapi.auth.api.Permission.LEDGER_READ;
import static org.clinicapi.auth.api.Permission.NOTIFICATIONS_MANAGE;
import static org.clinicapi.auth.api.Permission.PAYMENTS_READ;
import static org.clinicapi.auth.api.Permission.PAYMENTS_REFUND;
import static org.clinicapi.auth.api.Permission.PROVIDERS_WRITE;
import static org.clinicapi.auth.api.Permission.RECORDS_READ;
import static org.clinicapi.auth.api.Permission.RECORDS_WRITE;
import static org.clinicapi.auth.api.Permission.REPORTS_READ;
import static org.clinicapi.auth.api.Permission.USERS_MANAGE;

/**
 * The one mapping from roles to permissions (the README's table is generated from the same list).
 * Patients hold read/write permissions too, but only ever over their own data: ownership is checked
 * by the guards, location scope for staff.
 */
public final class RolePermissions {
  private static final Map<Role, Set<Permission>> GRANTS = new EnumMap<>(Role.class);

  static {
    GRANTS.put(Role.SUPERADMIN, EnumSet.allOf(Permission.class));
    GRANTS.put(Role.MANAGER, EnumSet.of(APPOINTMENTS_READ, APPOINTMENTS_WRITE, APPOINTMENTS_OVERRIDE, CONSULTATIONS_READ,
        CONSULTATIONS_WRITE, RECORDS_READ, PAYMENTS_READ, PAYMENTS_REFUND, PROVIDERS_WRITE, USERS_MANAGE, AUDIT_READ,
        NOTIFICATIONS_MANAGE, REPORTS_READ));
    GRANTS.put(Role.PROVIDER, EnumSet.of(APPOINTMENTS_READ, APPOINTMENTS_WRITE, CONSULTATIONS_READ, CONSULTATIONS_WRITE,
        CLINICAL_NOTES_WRITE, RECORDS_READ, RECORDS_WRITE, PROVIDERS_WRITE));
    GRANTS.put(Role.NURSE, EnumSet.of(APPOINTMENTS_READ, APPOINTMENTS_WRITE, CONSULTATIONS_READ, RECORDS_READ, RECORDS_WRITE));
    GRANTS.put(Role.MEDICAL_ASSISTANT, EnumSet.of(APPOINTMENTS_READ, APPOINTMENTS_WRITE, CONSULTATIONS_READ, RECORDS_READ));
    GRANTS.put(Role.PHARMACY_TECH, EnumSet.of(APPOINTMENTS_READ, RECORDS_READ));
    // Billing reads consultations (to invoice completed visits) but never their clinical notes: no records:read.
    GRANTS.put(Role.BILLING, EnumSet.of(APPOINTMENTS_READ, PAYMENTS_READ, PAYMENTS_REFUND, LEDGER_READ, CONSULTATIONS_READ));
    GRANTS.put(Role.PATIENT, EnumSet.of(APPOINTMENTS_READ, APPOINTMENTS_WRITE, CONSULTATIONS_READ, RECORDS_READ,
        RECORDS_WRITE, PAYMENTS_READ));
    GRANTS.put(Role.USER, EnumSet.noneOf(Permission.class));
  }

  private RolePermissions() {
  }

  public static boolean grants(Role role, Permission permission) {
    return GRANTS.get(role).contains(permission);
  }

  public static Set<Permission> of(Role role) {
    return Set.copyOf(GRANTS.get(role));
  }
}
