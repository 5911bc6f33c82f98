package org.clinicapi.audit.api;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A stored audit event: its id, the event, and its link in a hash chain ({@code prevHash} and {@code hash}
 * in lowercase hex), so an export can be verified offline. {@code seq}, {@code prevHash} and {@code hash}
 * are null while the row is not linked yet (appended, durable, linked within moments).
 */
public record AuditEntry(UUID id, AuditEvent event, int chain, Long seq, String prevHash, String hash) {

  /** The contract's fields, as lists show them. */
  public JsonObject toJson() {
    return event.toJson().put("id", id.toString());
  }

  /** The contract's fields plus the chain links: one line of an export. */
  public JsonObject toExportJson() {
    return toJson().put("chain", chain).put("seq", seq).put("prevHash", prevHash).put("hash", hash);
  }

  /** A patient's access log: who touched their data, when, doing what (no ip, user agent or request id). */
  public JsonObject toAccessJson() {
    return new JsonObject().put("id", id.toString()).put("at", event.at().toString())
        .put("actorId", event.actorId() == null ? null : event.actorId().toString()).put("actorRole", event.actorRole())
        .put("action", event.action()).put("resourceType", event.resourceType()).put("outcome", event.outcome());
  }
}
