package org.clinicapi.auth.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * A session for an account already authenticated another way (OpenID Connect).
 *
 * @param audit the request's sign-in event; committed with the session, the account as actor
 */
public record SessionOpening(UUID userId, AuditEvent audit) {
}
