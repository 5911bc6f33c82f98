package org.clinicapi.backup;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.audit.AuditVerifier;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.common.db.SchemaCheck;
import org.clinicapi.config.DatabaseConfig;
import org.clinicapi.payments.ledger.LedgerChecks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The checks of a restored database, each with the application's own code: Flyway's view of the schema, the audit
 * log's verifier (which links rows still unlinked first, as the server would), and the ledger's invariants. The
 * audit and ledger code is asynchronous: it runs on a short-lived Vert.x and pool of its own, and this thread
 * waits for it (never an event loop).
 */
final class DatabaseChecks implements AutoCloseable {
  private static final String COUNTS = """
      SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM appointments) AS appointments,
             (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM ledger_transactions) AS ledger_transactions,
             (SELECT count(*) FROM audit_events) AS audit_events, (SELECT count(*) FROM files) AS files""";

  private final DatabaseConfig database;
  private final Connector connector;
  private final Vertx vertx;
  private final Pool pool;

  DatabaseChecks(DatabaseConfig database, Connector connector) {
    this.database = database;
    this.connector = connector;
    this.vertx = Vertx.vertx();
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database.connectOptions()).using(vertx).build();
  }

  /**
   * Known to this build: at its version, or older and then migrated here, as the server would migrate it at start
   * (which proves this build's migrations apply to the restored data, and lets the other checks use this build's
   * SQL); never changed or newer.
   */
  CheckResult schema() {
    SchemaCheck s = Migrations.check(database);
    if (!s.known()) {
      return CheckResult.fail("schema", "version " + s.version() + " is not this build's (newest " + s.latest() + "): "
          + String.join("; ", s.problems()));
    }
    if (s.current()) {
      return CheckResult.ok("schema", "version " + s.version() + ", this build's");
    }
    String migrated = Migrations.migrate(database);
    return CheckResult.ok("schema", "version " + s.version() + ", known to this build; migrated here to " + migrated
        + " (" + s.pending() + " migration(s)), as the server does at start");
  }

  /**
   * The chains verify, and every event is on one: in a copy nobody writes to, once linked, an event beyond its
   * chain's head (which the live verification leaves for later) can only have been put there.
   */
  CheckResult auditChain() throws Exception {
    long unlinked = count("SELECT count(*) FROM audit_events WHERE chain_seq IS NULL");
    ChainVerdict verdict = AuditVerifier.on(pool).verify().await();
    long events = count("SELECT count(*) FROM audit_events");
    if (!verdict.valid()) {
      ChainVerdict.BrokenLink b = verdict.firstBroken();
      return CheckResult.fail("audit chain", "broken at chain " + b.chain() + ", seq " + b.seq()
          + (b.id() == null ? " (rows missing before the chain's head)" : " (event " + b.id() + ")"));
    }
    if (verdict.checked() != events) {
      return CheckResult.fail("audit chain", (events - verdict.checked()) + " of " + events
          + " events lie beyond their chain's head (on no verified link)");
    }
    return CheckResult.ok("audit chain", events + " events verified, every chain up to its head"
        + (unlinked > 0 ? " (" + unlinked + " linked now: not yet linked when dumped)" : ""));
  }

  CheckResult ledger() throws Exception {
    LedgerChecks.Verdict v = LedgerChecks.check(pool).await(10, TimeUnit.MINUTES);
    if (v.valid()) {
      return CheckResult.ok("ledger", v.transactions() + " transactions balance per currency; escrow equals the held payments");
    }
    List<String> found = new ArrayList<>();
    if (v.unbalancedCount() > 0) {
      found.add(v.unbalancedCount() + " unbalanced transaction(s): " + v.unbalanced().stream().map(u -> u.transactionId()
          + " (" + u.kind() + ") nets " + u.net() + " " + u.currency()).collect(Collectors.joining(", "))
          + (v.unbalancedCount() > v.unbalanced().size() ? ", ..." : ""));
    }
    v.escrow().forEach(m -> found.add("escrow " + m.currency() + " balance is " + m.escrow() + ", the held payments make it "
        + -m.held()));
    return CheckResult.fail("ledger", String.join("; ", found));
  }

  CheckResult counts() throws SQLException {
    try (Connection c = connector.open(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(COUNTS)) {
      r.next();
      StringBuilder counts = new StringBuilder();
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        counts.append(i > 1 ? ", " : "").append(r.getMetaData().getColumnLabel(i)).append(' ').append(r.getLong(i));
      }
      return new CheckResult("counts", CheckResult.Status.INFO, counts.toString());
    }
  }

  CheckResult files(Path dir) throws Exception {
    if (dir == null) {
      return new CheckResult(FileObjects.NAME, CheckResult.Status.SKIP, count("SELECT count(*) FROM files")
          + " stored objects not checked (no --files-dir)");
    }
    try (Connection c = connector.open(database)) {
      return FileObjects.check(c, dir);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connector.open(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    // Each from this thread: Vert.x closed from a callback on its own event loop would wait for that callback.
    try {
      pool.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
