package org.clinicapi.auth.api;

/** An e-mail and password to sign in with. */
public record Credentials(String email, String password) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "Credentials[" + email + "]";
  }
}
