package org.clinicapi.scheduling.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * PUT /providers/{id}/credentials, validated: replaces the professional details. Replacing a recorded licence
 * number or region of a verified provider un-verifies them in the same transaction (a manager verifies again);
 * recording the first one does not.
 * {@code audit}: the success event, appended in the change's transaction (null outside a request); when the
 * change un-verifies, a {@code provider.unverify} event by the same actor is appended too.
 */
public record CredentialsChange(UUID providerId, Credentials credentials, AuditEvent audit) {

  public CredentialsChange audited(AuditEvent success) {
    return new CredentialsChange(providerId, credentials, success);
  }
}
