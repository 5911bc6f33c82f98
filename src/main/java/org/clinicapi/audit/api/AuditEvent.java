package org.clinicapi.audit.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit record, as the contract names its fields, and the payload of {@link AuditService#APPEND}. Never
 * carries passwords, tokens or clinical values: ids, the action and its outcome only.
 *
 * @param action       verb on a resource, e.g. {@code user.read}, {@code auth.login}, {@code appointment.update}
 * @param outcome      {@code success}, {@code denied} or {@code failure}
 */
public record AuditEvent(
    Instant at,
    UUID actorId,
    String actorRole,
    String action,
    String resourceType,
    String resourceId,
    UUID patientId,
    String outcome,
    String ip,
    String userAgent,
    String requestId) {

  public static final String SUCCESS = "success";
  public static final String DENIED = "denied";
  public static final String FAILURE = "failure";

  /** The same event about {@code resourceId} of {@code patientId}: for a write whose id exists only after its insert. */
  public AuditEvent withResource(String resourceId, UUID patientId) {
    return new AuditEvent(at, actorId, actorRole, action, resourceType, resourceId, patientId, outcome, ip, userAgent,
        requestId);
  }

  /** The same event done by {@code actorId}: for sign-ins and registrations, whose actor is known only after the write. */
  public AuditEvent byActor(UUID actorId, String actorRole) {
    return new AuditEvent(at, actorId, actorRole, action, resourceType, resourceId, patientId, outcome, ip, userAgent,
        requestId);
  }

  /** The same event named {@code action}: when the write itself decides which action it was. */
  public AuditEvent withAction(String action) {
    return new AuditEvent(at, actorId, actorRole, action, resourceType, resourceId, patientId, outcome, ip, userAgent,
        requestId);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("at", at.toString())
        .put("actorId", actorId == null ? null : actorId.toString())
        .put("actorRole", actorRole)
        .put("action", action)
        .put("resourceType", resourceType)
        .put("resourceId", resourceId)
        .put("patientId", patientId == null ? null : patientId.toString())
        .put("outcome", outcome)
        .put("ip", ip)
        .put("userAgent", userAgent)
        .put("requestId", requestId);
  }
}
