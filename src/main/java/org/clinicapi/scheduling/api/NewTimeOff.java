package org.clinicapi.scheduling.api;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * POST /providers/{id}/time-off, validated: {@code locationId} null for every location, {@code reason} "" for none.
 * {@code audit}: the success event, appended in the insert's transaction with the new time off's id (null outside
 * a request).
 */
public record NewTimeOff(UUID providerId, UUID locationId, Instant startsAt, Instant endsAt, String reason, AuditEvent audit) {

  public NewTimeOff audited(AuditEvent success) {
    return new NewTimeOff(providerId, locationId, startsAt, endsAt, reason, success);
  }
}
