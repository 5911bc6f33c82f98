package org.clinicapi.scheduling.api;

import java.time.Instant;
import java.util.UUID;

/** GET /providers/{id}/slots, validated: starts in [from, to), at most 31 days; {@code locationId} null for all. */
public record SlotWindow(UUID providerId, UUID locationId, Instant from, Instant to) {
}
