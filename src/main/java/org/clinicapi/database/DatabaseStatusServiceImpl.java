package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.clinicapi.health.api.DatabaseStatusService;
import org.clinicapi.health.api.SchemaStatus;

/** Is the database reachable, and is its schema the one this build migrated to? */
final class DatabaseStatusServiceImpl implements DatabaseStatusService {
  private static final String CURRENT_VERSION = """
      SELECT version FROM flyway_schema_history
       WHERE success AND version IS NOT NULL
       ORDER BY installed_rank DESC LIMIT 1
      """;

  private final Pool pool;
  private final String expectedVersion;

  DatabaseStatusServiceImpl(Pool pool, String expectedVersion) {
    this.pool = pool;
    this.expectedVersion = expectedVersion;
  }

  @Override
  public Future<SchemaStatus> check() {
    return pool.preparedQuery(CURRENT_VERSION).execute().map(this::toStatus);
  }

  private SchemaStatus toStatus(RowSet<Row> rows) {
    String version = rows.iterator().hasNext() ? rows.iterator().next().getString(0) : "0";
    return new SchemaStatus(version, expectedVersion, expectedVersion.equals(version));
  }
}
