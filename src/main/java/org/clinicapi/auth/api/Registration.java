package org.clinicapi.auth.api;

import org.clinicapi.audit.api.AuditEvent;

/**
 * A self-registration as validated by the routes: always a patient account.
 *
 * @param audit the request's {@code auth.register} event; the service names the new patient as actor, resource
 *              and patient, and commits it with the account
 */
public record Registration(String email, String name, String phone, String password, AuditEvent audit) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "Registration[" + email + "]";
  }
}
