package org.clinicapi.backup;

import org.clinicapi.config.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * A database of its own for one restore, on the same server as {@code admin} (where CREATE and DROP are issued):
 * named {@value #PREFIX} + local time + random, so two checks never meet and a forgotten one says when it was made.
 * Created from {@code template0}, as PostgreSQL advises for restoring a dump (nothing added to template1 gets in
 * the way).
 */
public final class ScratchDatabase {
  public static final String PREFIX = "clinic_restore_check_";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PgServer admin;
  private final Connector connector;
  private final DatabaseConfig config;
  private final String name;

  private ScratchDatabase(PgServer admin, Connector connector, DatabaseConfig config, String name) {
    this.admin = admin;
    this.connector = connector;
    this.config = config;
    this.name = name;
  }

  /** {@code server}: where to create it (its database is only where CREATE DATABASE is issued). */
  static ScratchDatabase create(DatabaseConfig server, Connector connector) throws SQLException {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    // Only digits, lowercase letters and '_': safe to name in SQL without quoting.
    String name = PREFIX + LocalDateTime.now().format(STAMP) + "_" + HexFormat.of().formatHex(random);
    PgServer admin = PgServer.of(server.url());
    ScratchDatabase scratch = new ScratchDatabase(admin, connector, admin.on(name).config(server), name);
    scratch.execute("CREATE DATABASE " + name + " TEMPLATE template0");
    return scratch;
  }

  public String name() {
    return name;
  }

  DatabaseConfig config() {
    return config;
  }

  /**
   * pg_restore without owners and privileges (the roles of the dumped server need not exist here), stopping at the
   * first error; in one transaction unless {@code jobs} > 1 (parallel restore cannot be one transaction).
   */
  PgTool.Result restore(PgTool pgRestore, Path dump, int jobs) throws IOException, InterruptedException {
    PgServer target = PgServer.of(config.url());
    List<String> args = target.clientArgs();
    args.addAll(List.of("--no-owner", "--no-privileges", "--exit-on-error"));
    args.addAll(jobs > 1 ? List.of("--jobs", String.valueOf(jobs)) : List.of("--single-transaction"));
    // Absolute, so the path can never be read as an option.
    args.add(dump.toAbsolutePath().toString());
    return pgRestore.run(args, target.clientEnv());
  }

  /** FORCE: connections still open (a parallel restore's workers, a tool that did not close) do not keep it. */
  void drop() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connector.open(admin.config(config)); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
