package org.clinicapi.auth.api;

/** Named permissions, granted to roles in {@link RolePermissions} and nowhere else. */
public enum Permission {
  APPOINTMENTS_READ("appointments:read"),
  APPOINTMENTS_WRITE("appointments:write"),
  APPOINTMENTS_OVERRIDE("appointments:override"),
  CONSULTATIONS_READ("consultations:read"),
  CONSULTATIONS_WRITE("consultations:write"),
  CLINICAL_NOTES_WRITE("clinical_notes:write"),
  RECORDS_READ("records:read"),
  RECORDS_WRITE("records:write"),
  PAYMENTS_READ("payments:read"),
  PAYMENTS_REFUND("payments:refund"),
  LEDGER_READ("ledger:read"),
  PROVIDERS_WRITE("providers:write"),
  LOCATIONS_WRITE("locations:write"),
  USERS_MANAGE("users:manage"),
  AUDIT_READ("audit:read"),
  WEBHOOKS_MANAGE("webhooks:manage"),
  /** Dead and failed notifications of the caller's locations: list them and queue them again. */
  NOTIFICATIONS_MANAGE("notifications:manage"),
  /** The practice reports (aggregates, no patient identities) of the caller's locations; superadmin: all. */
  REPORTS_READ("reports:read");

  private final String wire;

  Permission(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
