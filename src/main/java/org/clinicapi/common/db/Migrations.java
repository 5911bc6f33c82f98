package org.clinicapi.common.db;

import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.config.DatabaseConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC. Blocking: call it from a worker or the main thread, never an event loop. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Applies pending migrations from {@code db/migration}; returns the schema version now in force. */
  public static String migrate(DatabaseConfig config) {
    Flyway flyway = flyway(config);
    MigrateResult result = flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "0" : current.getVersion().getVersion();
    LOG.info("database schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
    return version;
  }

  private static Flyway flyway(DatabaseConfig config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    return Flyway.configure()
        .dataSource(config.jdbcUrl(), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .connectRetries(3)
        .load();
  }
}
