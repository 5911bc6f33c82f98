package org.clinicapi.auth.api;

import org.clinicapi.audit.api.AuditEvent;

/**
 * An e-mail and password to sign in with.
 *
 * @param audit the request's {@code auth.login} event; committed with the new session, the account as actor
 */
public record Credentials(String email, String password, AuditEvent audit) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "Credentials[" + email + "]";
  }
}
