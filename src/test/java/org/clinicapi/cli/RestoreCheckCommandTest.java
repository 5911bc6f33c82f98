package org.clinicapi.cli;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Main;
import org.clinicapi.backup.PgServer;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("restore-check restores a pg_dump into a scratch database, verifies schema, audit chain, ledger and files there, and drops it")
class RestoreCheckCommandTest {
  private static final Pattern SCRATCH = Pattern.compile("into (clinic_restore_check_\\w+) on");

  private BackupSource source;
  private Path intact;
  private Path forged;
  private Path tampered;
  private Path tamperedFiles;
  private String version;
  private String victim;
  /** Audit events and users in the intact dump. */
  private long events;
  private long users;

  /** Run output: the exit code, what was printed, and the scratch database it named. */
  private record Run(int code, String out) {
    String scratch() {
      Matcher m = SCRATCH.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      return m.group(1);
    }
  }

  @BeforeAll
  void backUp(Vertx vertx) throws Exception {
    System.setProperty("LOG_FORMAT", "text");
    source = BackupSource.build(vertx);
    Path dumps = Files.createTempDirectory("clinic-dumps-");
    intact = source.dump(dumps.resolve("intact.dump"));
    events = source.count("SELECT count(*) FROM audit_events");
    users = source.count("SELECT count(*) FROM users");
    // Hashes that look right, two links past chain 0's head: the live verification leaves such a row for later.
    source.tamper("""
        INSERT INTO audit_events (id, at, action, outcome, chain, chain_seq, prev_hash, hash)
        SELECT gen_random_uuid(), now(), 'record.read', 'success', chain, seq + 2, hash, sha256(hash) FROM audit_chain_heads
         WHERE chain = 0""");
    forged = source.dump(dumps.resolve("forged.dump"));
    version = String.valueOf(Accounts.valueIn(source.url(), "SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"));
    victim = String.valueOf(Accounts.valueIn(source.url(), "SELECT id FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY at LIMIT 1"));
    source.tamper("UPDATE audit_events SET action = 'record.deleted' WHERE id = ?", UUID.fromString(victim));
    source.tamper("""
        WITH t AS (INSERT INTO ledger_transactions (kind, reference) VALUES ('payment_held', 'tampered') RETURNING id)
        INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency) SELECT id, 'escrow', -700, 'usd' FROM t""");
    source.tamper("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '16'");
    tampered = source.dump(dumps.resolve("tampered.dump"));
    tamperedFiles = copy(source.filesDir(), Files.createTempDirectory("clinic-files-copy-"));
  }

  @AfterAll
  void dropSource() {
    System.clearProperty("LOG_FORMAT");
    source.close();
  }

  @Test
  @DisplayName("an intact dump restores and passes every check, the report counts the key tables, and the scratch database is dropped")
  void intactDumpPasses() {
    Run run = restoreCheck(intact.toString(), "--files-dir", source.filesDir().toString());

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out()).contains("OK    schema: version " + version + ", this build's",
        "OK    audit chain: " + events + " events verified, every chain up to its head",
        "OK    ledger: 2 transactions balance per currency; escrow equals the held payments",
        "OK    files: 2 stored objects present with their recorded size and SHA-256",
        "INFO  counts: users " + users + ", appointments 1, payments 1, ledger_transactions 2, audit_events " + events + ", files 2",
        "restore-check: passed");
    assertThat(exists(run.scratch())).as("scratch database dropped").isFalse();
  }

  @Test
  @DisplayName("an audit event put beyond its chain's head fails the audit check, though every link verifies; --jobs 2 restores"
      + " in parallel; without --files-dir the files are skipped, not failed")
  void eventBeyondTheHeadFails() {
    Run run = restoreCheck(forged.toString(), "--jobs", "2");

    assertThat(run.code()).as(run.out()).isEqualTo(1);
    assertThat(run.out()).contains("OK    schema: version " + version + ", this build's",
        "FAIL  audit chain: 1 of " + (events + 1) + " events lie beyond their chain's head",
        "OK    ledger: 2 transactions balance", "SKIP  files: 2 stored objects not checked (no --files-dir)",
        "restore-check: FAILED: audit chain");
    assertThat(exists(run.scratch())).isFalse();
  }

  @Test
  @DisplayName("a dump with a changed audit row, an unbalanced ledger transaction and a changed migration, checked against"
      + " files of which one changed and one is gone, fails naming each check; --keep keeps the restored copy")
  void tamperedDumpFailsEveryCheck() throws Exception {
    List<String> ids = List.of(String.valueOf(Accounts.valueIn(source.url(), "SELECT id FROM files ORDER BY storage_key LIMIT 1")),
        String.valueOf(Accounts.valueIn(source.url(), "SELECT id FROM files ORDER BY storage_key OFFSET 1 LIMIT 1")));

    Run run = restoreCheck(tampered.toString(), "--files-dir", tamperedFiles.toString(), "--keep");

    String scratch = run.scratch();
    try {
      assertThat(run.code()).as(run.out()).isEqualTo(1);
      assertThat(run.out()).contains("FAIL  schema: version " + version + " is not this build's", "V16: Migration checksum mismatch",
          "FAIL  audit chain: broken at chain ", "(event " + victim + ")",
          "FAIL  ledger: 1 unbalanced transaction(s): ", "(payment_held) nets -700 usd",
          "escrow usd balance is -8200, the held payments make it -7500",
          "FAIL  files: 2 of 2 stored objects missing or different: " + ids.get(0) + " has another SHA-256 than recorded; "
              + ids.get(1) + " missing",
          "restore-check: FAILED: schema, audit chain, ledger, files");
      assertThat(exists(scratch)).as("kept").isTrue();
      assertThat(Accounts.countIn(scratchUrl(scratch), "SELECT count(*) FROM audit_events WHERE action = 'record.deleted'")).isOne();
    } finally {
      drop(scratch);
    }
  }

  @Test
  @DisplayName("a dump from an older build (schema one version behind) is migrated on the scratch copy, then checked")
  void olderKnownSchemaIsMigratedThenChecked() throws Exception {
    String previous = String.valueOf(Accounts.valueIn(source.url(),
        "SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC OFFSET 1 LIMIT 1"));
    Path dump;
    try (FreshDatabase older = FreshDatabase.createAt(previous)) {
      dump = BackupSource.dump(older.url(), Files.createTempDirectory("clinic-older-").resolve("older.dump"), "custom");
    }

    Run run = restoreCheck(dump.toString());

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out()).contains("OK    schema: version " + previous + ", known to this build; migrated here to " + version
        + " (1 migration(s))", "OK    audit chain: 0 events verified", "OK    ledger: 0 transactions balance", "restore-check: passed");
  }

  @Test
  @DisplayName("a plain SQL dump (pg_dump -Fp), which pg_restore cannot read, exits 3 with pg_restore's reason; the scratch"
      + " database is dropped and the server's password never printed")
  void plainDumpIsNotRestored() throws Exception {
    Path plain = source.dump(Files.createTempDirectory("clinic-plain-").resolve("plain.sql"), "plain");
    PgServer admin = PgServer.of(TestEnvironment.databaseUrl());
    // Trust authentication ignores a password it did not ask for; a configured one must be masked the same.
    String password = admin.password() == null || admin.password().isEmpty() ? "not-a-real-secret-7f3a" : admin.password();
    String target = new PgServer(admin.host(), admin.port(), admin.user(), password, admin.database()).url();

    Run run = restoreCheckOn(target, plain.toString());

    assertThat(run.code()).as(run.out()).isEqualTo(3);
    assertThat(run.out()).contains("FAIL  restore: pg_restore exited with 1", "text format dump", "restore-check: FAILED: restore",
        ":***@").doesNotContain(password);
    assertThat(exists(run.scratch())).isFalse();
  }

  @Test
  @DisplayName("a dump that is not there is a usage error (exit 2) and nothing is created")
  void missingDumpIsAUsageError() {
    Run run = restoreCheck("/nonexistent/clinic.dump");

    assertThat(run.code()).isEqualTo(Main.BAD_CONFIG);
    assertThat(run.out()).doesNotContain("clinic_restore_check_");
  }

  private static Run restoreCheck(String... args) {
    return restoreCheckOn(TestEnvironment.databaseUrl(), args);
  }

  /** Main.run with {@code target} as the server to restore on; what it printed on stdout is captured (and echoed). */
  private static Run restoreCheckOn(String target, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      code = Main.run(Stream.concat(Stream.of("restore-check", "--target-url", target), Stream.of(args))
          .toArray(String[]::new));
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    return new Run(code, out);
  }

  private static boolean exists(String database) {
    return Accounts.count("SELECT count(*) FROM pg_database WHERE datname = ?", database) > 0;
  }

  private static void drop(String database) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static String scratchUrl(String database) {
    String url = TestEnvironment.databaseUrl();
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  /** A copy of the upload directory with the first object (by storage key) changed and the second deleted. */
  private static Path copy(Path from, Path to) throws Exception {
    List<Path> objects;
    try (Stream<Path> files = Files.walk(from)) {
      objects = files.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path object : objects) {
      Files.createDirectories(to.resolve(from.relativize(object)).getParent());
      Files.copy(object, to.resolve(from.relativize(object)));
    }
    assertThat(objects).hasSize(2);
    Path changed = to.resolve(from.relativize(objects.get(0)));
    byte[] bytes = Files.readAllBytes(changed);
    bytes[0] ^= 1;
    Files.write(changed, bytes);
    Files.delete(to.resolve(from.relativize(objects.get(1))));
    return to;
  }
}
