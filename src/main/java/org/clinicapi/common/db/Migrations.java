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
  /** Connection retries of the one-shot commands (migrate, seed, create-admin): a database still starting. */
  private static final int COMMAND_CONNECT_RETRIES = 3;
  /**
   * Bounds the JDBC login (the driver's default is no limit): a database that accepts the connection and then
   * says nothing must fail an attempt, not hold it for ever.
   */
  private static final int LOGIN_TIMEOUT_SECONDS = 10;

  private Migrations() {
  }

  /** Applies pending migrations from {@code db/migration}; returns the schema version now in force. */
  public static String migrate(DatabaseConfig config) {
    return migrate(config, COMMAND_CONNECT_RETRIES);
  }

  /** One attempt, no connection retries: the server retries on its own schedule, without holding a worker thread. */
  public static String migrateOnce(DatabaseConfig config) {
    return migrate(config, 0);
  }

  private static String migrate(DatabaseConfig config, int connectRetries) {
    Flyway flyway = flyway(config, connectRetries);
    MigrateResult result = flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "0" : current.getVersion().getVersion();
    LOG.info("database schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
    return version;
  }

  private static Flyway flyway(DatabaseConfig config, int connectRetries) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    return Flyway.configure()
        .dataSource(config.jdbcUrl() + "?loginTimeout=" + LOGIN_TIMEOUT_SECONDS, options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .connectRetries(connectRetries)
        .load();
  }
}
