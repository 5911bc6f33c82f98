package org.clinicapi.auth.api;

/** A self-registration as validated by the routes: always a patient account. */
public record Registration(String email, String name, String phone, String password) {

  /** Never prints the password (records print every component). */
  @Override
  public String toString() {
    return "Registration[" + email + "]";
  }
}
