package org.clinicapi.cli;

import io.vertx.core.json.JsonObject;
import org.clinicapi.Main;
import org.clinicapi.backup.PgTool;
import org.clinicapi.backup.RestoreCheck;
import org.clinicapi.common.logging.Logging;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Proves a backup restores: see {@link RestoreCheck}. Reads only the database settings (no embedded services, no
 * Redis): the server to restore on is {@code --target-url}, else DATABASE_URL.
 */
@Command(name = "restore-check", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = {"Restore a pg_dump archive into a fresh scratch database and verify it there: schema version, audit"
        + " chains, ledger balance, stored files (with --files-dir); print the key tables' counts; drop it (unless --keep).",
        "Exit codes: 0 every check passed, 1 a check failed, 2 bad usage or settings, 3 the dump did not restore."})
public final class RestoreCheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DUMP", description = "A pg_dump archive: custom (pg_dump -Fc), directory (-Fd) or tar (-Ft)")
  Path dump;

  @Option(names = "--target-url", paramLabel = "URL", description = "postgresql://user:password@host:port/database of the"
      + " server to restore on (the database named is only where CREATE DATABASE is issued); default DATABASE_URL."
      + " The user needs CREATEDB")
  String targetUrl;

  @Option(names = "--files-dir", paramLabel = "DIR", description = "A restored copy of DATA_DIR/files: check every files"
      + " row's stored object (exists, size, SHA-256)")
  Path filesDir;

  @Option(names = "--keep", description = "Keep the scratch database afterwards (its name is printed)")
  boolean keep;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "pg_restore parallel jobs (default ${DEFAULT-VALUE}: one transaction)")
  int jobs;

  @Option(names = "--pg-bin", paramLabel = "DIR", defaultValue = "${env:PG_BIN}",
      description = "Directory of pg_restore (default $PG_BIN, else the PATH)")
  String pgBin;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(dump) || jobs < 1) {
      spec.commandLine().getErr().println(jobs < 1 ? "--jobs must be 1 or more" : "cannot read the dump " + dump);
      return Main.BAD_CONFIG;
    }
    AppConfig config = settings();
    if (!config.database().configured()) {
      spec.commandLine().getErr().println("restore-check needs a server to restore on: set DATABASE_URL or give --target-url");
      return Main.BAD_CONFIG;
    }
    PgTool pgRestore;
    try {
      pgRestore = PgTool.find("pg_restore", pgBin);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return RestoreCheck.NOT_RESTORED;
    }
    return new RestoreCheck(config.database(), Jdbc::open, pgRestore, spec.commandLine().getOut())
        .run(new RestoreCheck.Options(dump, filesDir, keep, jobs));
  }

  /** The settings as the server reads them, with --target-url as the database; nothing is started. */
  private AppConfig settings() {
    JsonObject raw = ConfigLoader.load();
    if (targetUrl != null) {
      raw.put("DATABASE_URL", targetUrl);
    }
    AppConfig config = AppConfig.from(raw);
    Logging.configure(config.logFormat());
    return config;
  }
}
