package org.clinicapi.users.api;

import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;

import java.util.List;
import java.util.UUID;

/**
 * PATCH /users/{id} as validated, by {@code caller}: null fields stay as they are; {@code locationIds}
 * replaces every location of the user (an empty list removes them all). {@code audit}: the success event,
 * appended in the change's transaction (its action becomes {@code user.role_change} when the role changes;
 * null outside a request).
 */
public record UserChange(CurrentUser caller, UUID id, Role role, List<UUID> locationIds, Boolean active, AuditEvent audit) {

  public UserChange audited(AuditEvent success) {
    return new UserChange(caller, id, role, locationIds, active, success);
  }

  /** Nothing that an access token carries changes, so no session needs to end. */
  public boolean changesNothing() {
    return role == null && locationIds == null && active == null;
  }
}
