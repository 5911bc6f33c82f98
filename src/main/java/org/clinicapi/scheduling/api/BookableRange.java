package org.clinicapi.scheduling.api;

import java.time.Instant;
import java.util.UUID;

/** A time asked to be booked; {@code endsAt} null for one slot of the provider's length. */
public record BookableRange(UUID providerId, UUID locationId, Instant startsAt, Instant endsAt) {
}
