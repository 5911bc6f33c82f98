package org.clinicapi.auth.api;

import org.clinicapi.common.FieldError;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** At least 10 characters, at most 128 (hashing cost), not a well-known password, not the e-mail. */
public final class PasswordPolicy {
  public static final int MIN = 10;
  public static final int MAX = 128;
  private static final Set<String> COMMON = Set.of(
      "1234567890", "12345678910", "123456789a", "0123456789", "1111111111", "0000000000", "password12",
      "password123", "password1234", "passw0rd123", "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t",
      "1qaz2wsx3edc", "iloveyou12", "abcdefghij", "abc1234567", "letmein123", "welcome123", "admin12345",
      "administrator", "changeme123", "football12", "baseball12", "superman12", "trustno1234", "monkey1234",
      "dragon1234", "sunshine12", "princess12", "starwars12", "whatever12", "zaq12wsxcde", "asdfghjkl1",
      "q1w2e3r4t5", "password!1", "p@ssw0rd12", "p@ssword123", "clinic12345", "doctor1234", "patient1234",
      "hospital123", "medical123", "healthcare1", "summer2024", "winter2024", "spring2025", "autumn2025",
      "summer2025", "winter2025", "summer2026", "winter2026");

  private PasswordPolicy() {
  }

  public static Optional<FieldError> check(String field, String password, String email) {
    if (password == null || password.length() < MIN) {
      return Optional.of(new FieldError(field, "must be at least " + MIN + " characters"));
    }
    if (password.length() > MAX) {
      return Optional.of(new FieldError(field, "must be at most " + MAX + " characters"));
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower) || (email != null && lower.equals(email.toLowerCase(Locale.ROOT)))) {
      return Optional.of(new FieldError(field, "is too common; choose another"));
    }
    return Optional.empty();
  }
}
