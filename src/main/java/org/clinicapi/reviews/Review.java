package org.clinicapi.reviews;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A review as anyone may read it: no patient, and no appointment (which staff could trace to the patient). */
record Review(UUID id, UUID providerId, int rating, String comment, Instant createdAt) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("providerId", providerId.toString()).put("rating", rating)
        .put("comment", comment).put("createdAt", createdAt.toString());
  }
}
