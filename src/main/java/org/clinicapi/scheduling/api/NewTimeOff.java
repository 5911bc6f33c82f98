package org.clinicapi.scheduling.api;

import java.time.Instant;
import java.util.UUID;

/** POST /providers/{id}/time-off, validated: {@code locationId} null for every location, {@code reason} "" for none. */
public record NewTimeOff(UUID providerId, UUID locationId, Instant startsAt, Instant endsAt, String reason) {
}
