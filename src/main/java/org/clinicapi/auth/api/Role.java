package org.clinicapi.auth.api;

import java.util.Locale;

/** The contract's roles. Handlers never test these: they check {@link Permission}s. */
public enum Role {
  SUPERADMIN, MANAGER, PROVIDER, NURSE, MEDICAL_ASSISTANT, PHARMACY_TECH, BILLING, PATIENT, USER;

  /** Staff are assigned to locations and see only their data; patients see their own; USER has no role yet. */
  public boolean staff() {
    return this != PATIENT && this != USER;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire name ({@code medical_assistant}); null when unknown. */
  public static Role parse(String wire) {
    if (wire == null) {
      return null;
    }
    for (Role role : values()) {
      if (role.wire().equals(wire)) {
        return role;
      }
    }
    return null;
  }
}
