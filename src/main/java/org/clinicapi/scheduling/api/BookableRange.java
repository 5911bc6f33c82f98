package org.clinicapi.scheduling.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A time asked to be booked; {@code endsAt} null for one slot of the provider's length. {@code verifiedOnly}:
 * a patient books or holds, which an unverified provider does not accept (staff may still book them).
 */
public record BookableRange(UUID providerId, UUID locationId, Instant startsAt, Instant endsAt, boolean verifiedOnly) {
}
