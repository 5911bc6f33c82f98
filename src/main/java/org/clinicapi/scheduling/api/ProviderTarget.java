package org.clinicapi.scheduling.api;

import java.util.List;
import java.util.UUID;

/**
 * What deciding who may change a provider needs: any active user with role provider, with a profile or
 * not, and the locations they work at as staff.
 */
public record ProviderTarget(ProviderView provider, List<UUID> staffLocationIds, boolean hasProfile) {
}
