package org.clinicapi.auth.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.List;
import java.util.UUID;

/**
 * A staff account created by an administrator (already authorized to grant {@code role} and the locations).
 * Without a password the account gets an invitation link instead.
 *
 * @param audit the administrator's {@code user.create} event; committed with the account, which it names
 */
public record NewAccount(String email, String name, String phone, Role role, String password, List<UUID> locationIds,
    AuditEvent audit) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "NewAccount[" + email + ", " + role + "]";
  }
}
