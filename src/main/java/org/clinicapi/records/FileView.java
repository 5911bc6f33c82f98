package org.clinicapi.records;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A file's metadata as the API shows it (never the storage key). */
record FileView(UUID id, UUID patientId, String category, String filename, String contentType, long size, String sha256,
    Instant createdAt) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("patientId", patientId.toString()).put("category", category)
        .put("filename", filename).put("contentType", contentType).put("size", size).put("sha256", sha256)
        .put("createdAt", createdAt.toString());
  }
}
