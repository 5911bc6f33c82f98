package org.clinicapi.scheduling.api;

import java.util.UUID;

/** PUT /providers/{id}/schedule, validated against the provider's locations: replaces the weekly hours. */
public record ScheduleChange(UUID providerId, Schedule schedule) {
}
