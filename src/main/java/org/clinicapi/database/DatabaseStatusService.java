package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** Is the database reachable, and is its schema the one this build migrated to? */
final class DatabaseStatusService {
  private static final String CURRENT_VERSION = """
      SELECT version FROM flyway_schema_history
       WHERE success AND version IS NOT NULL
       ORDER BY installed_rank DESC LIMIT 1
      """;

  private final Pool pool;
  private final String expectedVersion;

  DatabaseStatusService(Pool pool, String expectedVersion) {
    this.pool = pool;
    this.expectedVersion = expectedVersion;
  }

  Future<JsonObject> check(JsonObject ignored) {
    return pool.preparedQuery(CURRENT_VERSION).execute().map(this::toStatus);
  }

  private JsonObject toStatus(RowSet<Row> rows) {
    String version = rows.iterator().hasNext() ? rows.iterator().next().getString(0) : "0";
    return new JsonObject()
        .put("schemaVersion", version)
        .put("expectedSchemaVersion", expectedVersion)
        .put("migrated", expectedVersion.equals(version));
  }
}
