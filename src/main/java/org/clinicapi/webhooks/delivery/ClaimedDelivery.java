package org.clinicapi.webhooks.delivery;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery this process holds under its lease ({@code claimToken}), with what it needs to send it. The body is
 * built from the stored event the same way on every attempt, so it is byte-for-byte the same each time.
 */
record ClaimedDelivery(UUID id, UUID claimToken, int retries, Instant queuedAt, UUID eventId, String eventType,
    Instant eventCreatedAt, String data, String url, String secret) {

  /** {@code {id, type, createdAt, data}}; {@code data} keeps the field order the trigger wrote. */
  String body() {
    return new JsonObject().put("id", eventId.toString()).put("type", eventType).put("createdAt", eventCreatedAt.toString())
        .put("data", new JsonObject(data)).encode();
  }

  /** Never the secret, never the event data (it names a patient). */
  @Override
  public String toString() {
    return "ClaimedDelivery[id=" + id + ", event=" + eventId + ", type=" + eventType + "]";
  }
}
