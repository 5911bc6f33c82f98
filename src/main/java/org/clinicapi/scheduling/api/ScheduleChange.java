package org.clinicapi.scheduling.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * PUT /providers/{id}/schedule, validated against the provider's locations: replaces the weekly hours.
 * {@code audit}: the success event, appended in the change's transaction (null outside a request).
 */
public record ScheduleChange(UUID providerId, Schedule schedule, AuditEvent audit) {

  public ScheduleChange audited(AuditEvent success) {
    return new ScheduleChange(providerId, schedule, success);
  }
}
