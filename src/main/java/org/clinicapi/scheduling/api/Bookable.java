package org.clinicapi.scheduling.api;

import java.time.Instant;

/** A bookable range's resolved end, the provider's slot length and the location's zone. */
public record Bookable(Instant endsAt, int slotMinutes, String timeZone) {
}
