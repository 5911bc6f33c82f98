package org.clinicapi.common.db;

import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.config.DatabaseConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

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

  /**
   * Reads, without changing anything, which schema version the database is at and whether this build knows it:
   * every applied migration must be one of this build's, unchanged (checksums). Migrations this build has and the
   * database lacks are allowed (the server applies them at start) and counted; a migration the database has and
   * this build lacks (a newer build's) is a problem.
   */
  public static SchemaCheck check(DatabaseConfig config) {
    Flyway flyway = configure(config, 0).ignoreMigrationPatterns("*:pending").load();
    MigrationInfoService info = flyway.info();
    String latest = Arrays.stream(info.all()).filter(m -> m.getState().isResolved() && m.getVersion() != null)
        .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("0");
    if (info.current() == null) {
      return new SchemaCheck("0", latest, info.pending().length,
          List.of("no migration applied (flyway_schema_history missing or empty): not a clinic-api database"));
    }
    return new SchemaCheck(info.current().getVersion().getVersion(), latest, info.pending().length,
        problems(flyway.validateWithResult()));
  }

  /** One line per invalid migration (Flyway's message is several lines: its first says what is wrong). */
  private static List<String> problems(ValidateResult result) {
    if (result.validationSuccessful) {
      return List.of();
    }
    List<String> problems = result.invalidMigrations.stream().map(m -> "V" + m.version + ": " + firstLine(m.errorDetails)).toList();
    return problems.isEmpty() ? List.of(firstLine(result.errorDetails)) : problems;
  }

  private static String firstLine(ErrorDetails error) {
    return error == null || error.errorMessage == null ? "invalid" : error.errorMessage.lines().findFirst().orElse("invalid");
  }

  private static String migrate(DatabaseConfig config, int connectRetries) {
    Flyway flyway = configure(config, connectRetries).load();
    MigrateResult result = flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "0" : current.getVersion().getVersion();
    LOG.info("database schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
    return version;
  }

  private static FluentConfiguration configure(DatabaseConfig config, int connectRetries) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    return Flyway.configure()
        .dataSource(config.jdbcUrl() + "?loginTimeout=" + LOGIN_TIMEOUT_SECONDS, options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .connectRetries(connectRetries);
  }
}
