package org.clinicapi.users.api;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;

import java.util.List;
import java.util.UUID;

/**
 * PATCH /users/{id} as validated, by {@code caller}: null fields stay as they are; {@code locationIds}
 * replaces every location of the user (an empty list removes them all).
 */
public record UserChange(CurrentUser caller, UUID id, Role role, List<UUID> locationIds, Boolean active) {

  /** Nothing that an access token carries changes, so no session needs to end. */
  public boolean changesNothing() {
    return role == null && locationIds == null && active == null;
  }
}
