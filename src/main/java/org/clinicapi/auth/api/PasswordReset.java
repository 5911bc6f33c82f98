package org.clinicapi.auth.api;

/** A reset (or staff invitation) token from an e-mailed link, and the new password. */
public record PasswordReset(String token, String newPassword) {

  /** Never prints the token or the password (records print every component). */
  @Override
  public String toString() {
    return "PasswordReset[]";
  }
}
