package org.clinicapi.audit.api;

import org.clinicapi.common.Cursor;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters and keyset position of an audit-log read, validated by the routes. {@code from} is inclusive,
 * {@code to} exclusive; null means "any".
 *
 * @param excludeActorId rows by this actor are left out (a patient's access log hides their own reads)
 * @param cursor         the position after which the page starts, issued for {@link #ORDER}, or null
 */
public record AuditQuery(UUID patientId, UUID actorId, UUID excludeActorId, String action, Instant from, Instant to,
    Cursor cursor, int limit) {
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_ACTION = 100;
  /** The {@link Cursor#order()} of audit-log cursors: (at, id). */
  public static final String ORDER = "audit";

  public AuditQuery withLimit(int newLimit) {
    return new AuditQuery(patientId, actorId, excludeActorId, action, from, to, cursor, newLimit);
  }

  /** The same filters, from {@code position} on (null: from the start). */
  public AuditQuery after(Cursor position) {
    return new AuditQuery(patientId, actorId, excludeActorId, action, from, to, position, limit);
  }
}
