package org.clinicapi.scheduling.api;

import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.auth.api.Role;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What deciding who may change a provider needs: any active user with role provider, with a profile or
 * not, and the locations they work at as staff.
 */
public record ProviderTarget(ProviderView provider, List<UUID> staffLocationIds, boolean hasProfile) {

  /** Who may change the provider (profile, hours, credentials, photo): the provider, a manager of theirs, a superadmin. */
  public boolean changeableBy(CurrentUser me) {
    return me.id().equals(provider.id()) || me.role() == Role.SUPERADMIN || managedBy(me);
  }

  /** Whether {@code me} holds users:manage at one of the provider's locations (profile or staff). */
  public boolean managedBy(CurrentUser me) {
    Set<UUID> theirs = new HashSet<>(provider.locationIds());
    theirs.addAll(staffLocationIds);
    return me.can(Permission.USERS_MANAGE) && theirs.stream().anyMatch(me::seesLocation);
  }
}
