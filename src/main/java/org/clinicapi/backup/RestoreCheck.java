package org.clinicapi.backup;

import org.clinicapi.config.DatabaseConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a pg_dump archive into a scratch database ({@link ScratchDatabase}) and checks it there: the schema is
 * one this build knows, the audit chains verify end to end, the ledger balances, and (given a copy of the upload
 * directory) every stored file is there as recorded; prints a line per check and the key tables' counts, then
 * drops the scratch database unless asked to keep it. Never changes the server's own database.
 */
public final class RestoreCheck {
  /** Every check passed. */
  public static final int PASSED = 0;
  /** The dump restored, and a check failed (the report says which). */
  public static final int FAILED = 1;
  /** The dump could not be restored (pg_restore failed), so nothing was checked. */
  public static final int NOT_RESTORED = 3;
  private static final int RESTORE_OUTPUT_LINES = 20;

  /** {@code filesDir}: a copy of DATA_DIR/files, or null; {@code jobs}: pg_restore's parallel jobs. */
  public record Options(Path dump, Path filesDir, boolean keep, int jobs) {
  }

  private final DatabaseConfig server;
  private final Connector connector;
  private final PgTool pgRestore;
  private final PrintWriter out;

  /** {@code server}: where the scratch database is made (its own database is only connected to, never changed). */
  public RestoreCheck(DatabaseConfig server, Connector connector, PgTool pgRestore, PrintWriter out) {
    this.server = server;
    this.connector = connector;
    this.pgRestore = pgRestore;
    this.out = out;
  }

  public int run(Options options) throws Exception {
    String target = PgServer.of(server.url()).on("").masked();
    ScratchDatabase scratch;
    try {
      scratch = ScratchDatabase.create(server, connector);
    } catch (SQLException e) {
      // Typically no CREATEDB right, or the server is not reachable: nothing was restored.
      out.println(CheckResult.fail("restore", "cannot create a scratch database on " + target + ": " + e.getMessage()).line());
      out.println("restore-check: FAILED: restore (nothing checked)");
      return NOT_RESTORED;
    }
    out.printf("restoring %s into %s on %s%n", options.dump(), scratch.name(), target);
    out.flush();
    Outcome outcome;
    try {
      outcome = restoreAndCheck(scratch, options);
    } finally {
      release(scratch, options.keep());
    }
    out.println(outcome.summary());
    out.flush();
    return outcome.exitCode();
  }

  private record Outcome(int exitCode, String summary) {
  }

  private Outcome restoreAndCheck(ScratchDatabase scratch, Options options) throws Exception {
    long started = System.nanoTime();
    PgTool.Result restored = scratch.restore(pgRestore, options.dump(), options.jobs());
    if (!restored.succeeded()) {
      out.println(CheckResult.fail("restore", pgRestore.executable().getFileName() + " exited with " + restored.exitCode()).line());
      restored.tail(RESTORE_OUTPUT_LINES).forEach(line -> out.println("      " + line));
      return new Outcome(NOT_RESTORED, "restore-check: FAILED: restore (nothing checked)");
    }
    out.printf("restored in %.1f s%n", (System.nanoTime() - started) / 1e9);
    List<CheckResult> results = check(scratch.config(), options.filesDir());
    List<String> failed = results.stream().filter(CheckResult::failed).map(CheckResult::name).toList();
    return failed.isEmpty() ? new Outcome(PASSED, "restore-check: passed")
        : new Outcome(FAILED, "restore-check: FAILED: " + String.join(", ", failed));
  }

  /** Each check on its own: one that fails or cannot run does not keep the others from reporting. */
  private List<CheckResult> check(DatabaseConfig scratch, Path filesDir) throws Exception {
    List<CheckResult> results = new ArrayList<>();
    try (DatabaseChecks checks = new DatabaseChecks(scratch, connector)) {
      report(results, CheckResult.guarded("schema", checks::schema));
      report(results, CheckResult.guarded("audit chain", checks::auditChain));
      report(results, CheckResult.guarded("ledger", checks::ledger));
      report(results, CheckResult.guarded(FileObjects.NAME, () -> checks.files(filesDir)));
      report(results, CheckResult.guarded("counts", checks::counts));
    }
    return results;
  }

  private void report(List<CheckResult> results, CheckResult result) {
    results.add(result);
    out.println(result.line());
    out.flush();
  }

  private void release(ScratchDatabase scratch, boolean keep) throws SQLException {
    if (keep) {
      out.printf("kept %s (drop it when done: DROP DATABASE %s)%n", scratch.name(), scratch.name());
    } else {
      scratch.drop();
      out.printf("dropped %s%n", scratch.name());
    }
    out.flush();
  }
}
