package org.clinicapi.scheduling.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.List;
import java.util.UUID;

/**
 * PUT /providers/{id}, validated: the profile that replaces the provider's (locations without duplicates).
 * {@code audit}: the success event, appended in the save's transaction (null outside a request).
 */
public record ProviderProfile(UUID providerId, String specialty, String bio, ProviderView.Fee fee, List<UUID> locationIds,
    AuditEvent audit) {

  public ProviderProfile audited(AuditEvent success) {
    return new ProviderProfile(providerId, specialty, bio, fee, locationIds, success);
  }
}
