package org.clinicapi.users.api;

import org.clinicapi.audit.api.AuditEvent;

import java.util.UUID;

/**
 * PATCH /users/me as validated: a null field stays as it is, except the phone, which is cleared when
 * {@code phoneSet} and {@code phone} is null. {@code audit}: the success event, appended in the change's
 * transaction (null outside a request).
 */
public record ProfileChange(UUID id, String name, boolean phoneSet, String phone, Boolean notifySms, Boolean notifyEmail,
    AuditEvent audit) {

  public ProfileChange audited(AuditEvent success) {
    return new ProfileChange(id, name, phoneSet, phone, notifySms, notifyEmail, success);
  }
}
