package org.clinicapi.scheduling.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * POST (verify) or DELETE (revoke) /providers/{id}/verify by {@code actorId}, with the note the manager
 * gives. {@code audit}: the success event, appended in the change's transaction (null outside a request).
 */
public record VerificationChange(UUID providerId, boolean verify, String note, UUID actorId, AuditEvent audit) {
}
