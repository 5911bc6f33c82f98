package org.clinicapi.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of one event to one subscription, with every attempt ({@code log}: attempt, at, outcome,
 * statusCode, error, durationMs, responseExcerpt). No event body: it names a patient, and this log is for
 * operating the integration. {@code nextAttemptAt} only while queued.
 */
record DeliveryView(UUID id, UUID subscriptionId, UUID eventId, String eventType, String status, int attempts,
    Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt, JsonArray log) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("subscriptionId", subscriptionId.toString())
        .put("eventId", eventId.toString()).put("eventType", eventType).put("status", status).put("attempts", attempts)
        .put("nextAttemptAt", text(nextAttemptAt)).put("lastStatusCode", lastStatusCode).put("lastError", lastError)
        .put("createdAt", createdAt.toString()).put("deliveredAt", text(deliveredAt)).put("attemptLog", log);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
