package org.clinicapi.audit.api;

import io.vertx.core.Future;

/**
 * Where audit events go. The future completes only when the event is durable; a failed future means the
 * request must fail with 503 (never an unaudited success).
 */
public interface AuditTrail {
  Future<Void> record(AuditEvent event);
}
