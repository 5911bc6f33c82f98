package org.clinicapi.health.api;

import io.vertx.core.json.JsonObject;

/** The schema version the database has, the one this build expects, and whether they are the same. */
public record SchemaStatus(String schemaVersion, String expectedSchemaVersion, boolean migrated) {

  /** As the health check's data shows it. */
  public JsonObject toJson() {
    return new JsonObject().put("schemaVersion", schemaVersion).put("expectedSchemaVersion", expectedSchemaVersion)
        .put("migrated", migrated);
  }
}
