package org.clinicapi.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook subscription as the API shows it: never its secret. {@code deactivatedAt} null while active. */
record Subscription(UUID id, String url, List<String> events, boolean active, Instant createdAt, Instant updatedAt,
    Instant deactivatedAt) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("url", url).put("events", new JsonArray(List.copyOf(events)))
        .put("active", active).put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString())
        .put("deactivatedAt", deactivatedAt == null ? null : deactivatedAt.toString());
  }
}
