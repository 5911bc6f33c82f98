package org.clinicapi.seed;

import java.time.Instant;
import java.util.UUID;

/** One seeded appointment row; {@code cancelledAt} is set exactly when the status is cancelled. */
record Booking(UUID id, UUID patientId, UUID providerId, UUID locationId, Instant start, Instant end, String status,
    String reason, Instant createdAt, Instant cancelledAt) {

  /** Rows the exclusion constraint covers (and that make a slot busy). */
  boolean live() {
    return status.equals("scheduled") || status.equals("confirmed");
  }
}
