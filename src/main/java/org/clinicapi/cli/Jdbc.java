package org.clinicapi.cli;

import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.config.DatabaseConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A plain JDBC connection for one-shot commands (never used by the server's request path). */
final class Jdbc {
  private Jdbc() {
  }

  static Connection open(DatabaseConfig config) throws SQLException {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    return DriverManager.getConnection(config.jdbcUrl(), options.getUser(), options.getPassword());
  }
}
