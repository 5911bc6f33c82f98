package org.clinicapi.communications;

import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * What became of one claimed row in a pass, recorded with the others of the pass in one transaction.
 * {@code status}: the row's new status; {@code attempt}: the attempts log's outcome (sent, retry, failed,
 * dead), or {@link #RELEASED} for a row handed back untried (no attempt counted, nothing logged).
 */
record Outcome(UUID id, String status, String attempt, String code, String providerMessageId, Instant retryAt, AuditEvent audit) {
  static final String RELEASED = "released";

  static Outcome sent(UUID id, String providerMessageId, AuditEvent audit) {
    return new Outcome(id, "sent", "sent", null, providerMessageId, null, audit);
  }

  static Outcome retry(UUID id, String code, Instant at) {
    return new Outcome(id, "queued", "retry", code, null, at, null);
  }

  /** {@code status}: failed (permanent) or dead (out of attempts or age). */
  static Outcome givenUp(UUID id, String status, String code) {
    return new Outcome(id, status, status, code, null, null, null);
  }

  static Outcome released(UUID id) {
    return new Outcome(id, "queued", RELEASED, null, null, null, null);
  }
}
