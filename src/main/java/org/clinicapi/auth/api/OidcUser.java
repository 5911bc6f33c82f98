package org.clinicapi.auth.api;

import java.util.UUID;

/** The account a checked Google identity signs in to, and how it was found. */
public record OidcUser(UUID userId, Outcome outcome) {

  public enum Outcome {
    /** Already linked to this identity. */
    FOUND,
    /** The staff account with this e-mail, linked now. */
    LINKED,
    /** A new account with no role yet ({@code user}). */
    CREATED
  }
}
