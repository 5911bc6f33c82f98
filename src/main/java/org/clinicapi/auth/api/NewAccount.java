package org.clinicapi.auth.api;

import java.util.List;
import java.util.UUID;

/**
 * A staff account created by an administrator (already authorized to grant {@code role} and the locations).
 * Without a password the account gets an invitation link instead.
 */
public record NewAccount(String email, String name, String phone, Role role, String password, List<UUID> locationIds) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "NewAccount[" + email + ", " + role + "]";
  }
}
