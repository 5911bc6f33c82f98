package org.clinicapi.backup;

import org.clinicapi.config.DatabaseConfig;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a plain JDBC connection; the command line hands in its own (cli.Jdbc), so there is one way to connect. */
@FunctionalInterface
public interface Connector {
  Connection open(DatabaseConfig database) throws SQLException;
}
