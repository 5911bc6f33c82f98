package org.clinicapi.scheduling.api;

import java.util.List;
import java.util.UUID;

/** PUT /providers/{id}, validated: the profile that replaces the provider's (locations without duplicates). */
public record ProviderProfile(UUID providerId, String specialty, String bio, ProviderView.Fee fee, List<UUID> locationIds) {
}
