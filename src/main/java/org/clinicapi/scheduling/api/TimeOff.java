package org.clinicapi.scheduling.api;

import io.vertx.core.json.JsonObject;
import org.clinicapi.audit.api.AuditEvent;

import java.time.Instant;
import java.util.UUID;

/** Time off as the API shows it; {@code locationId} null when it blocks every location. */
public record TimeOff(UUID id, UUID providerId, UUID locationId, Instant startsAt, Instant endsAt, String reason) {

  /**
   * Names one time off of one provider (another provider's is not found). {@code audit}: the success event of
   * its removal, appended in the delete's transaction (null outside a request).
   */
  public record Ref(UUID providerId, UUID timeOffId, AuditEvent audit) {
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("providerId", providerId.toString())
        .put("locationId", locationId == null ? null : locationId.toString()).put("startsAt", startsAt.toString())
        .put("endsAt", endsAt.toString()).put("reason", reason);
  }
}
