package org.clinicapi.audit;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Pool;
import org.clinicapi.Features;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.audit.AuditFixtures.event;
import static org.clinicapi.audit.AuditFixtures.verify;

@ExtendWith(VertxExtension.class)
@DisplayName("Audit rows are appended unlinked at once and linked into valid chains after, by any number of linkers")
class AuditLinkingTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  private static JsonObject settings() {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings());
    Migrations.migrate(AppConfig.from(settings).database());
    return settings;
  }

  private static Pool pool(Vertx vertx) {
    return AuditFixtures.pool(vertx, TestEnvironment.databaseUrl());
  }

  /** {@code n} rows appended the way writes append them (unlinked, in their own transactions), 20 per transaction. */
  private static void appendInTransactions(Pool pool, UUID patient, int n) throws Exception {
    List<Future<?>> writes = new ArrayList<>();
    for (int t = 0; t < n / 20; t++) {
      writes.add(pool.withTransaction(sql -> {
        Future<?> chain = Future.succeededFuture();
        for (int i = 0; i < 20; i++) {
          chain = chain.compose(v -> AuditLog.appendInTransaction(sql, event("test.tx", patient)));
        }
        return chain;
      }));
    }
    await(Future.all(writes));
  }

  private static long unlinked(UUID patient) throws SQLException {
    return unlinked(TestEnvironment.databaseUrl(), patient);
  }

  private static long unlinked(String url, UUID patient) throws SQLException {
    return ((Number) Accounts.valueIn(url, "SELECT count(*) FROM audit_events WHERE patient_id = ? AND chain_seq IS NULL", patient)).longValue();
  }

  /** Every row linked, each chain numbered 1..n without gap or repeat and ending at its head. */
  private static void assertChainsComplete() throws Exception {
    assertChainsComplete(TestEnvironment.databaseUrl());
  }

  private static void assertChainsComplete(String url) throws Exception {
    try (Connection c = TestEnvironment.jdbc(url); Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("""
             SELECT h.chain, h.seq, count(e.id) AS n, count(DISTINCT e.chain_seq) AS seqs, coalesce(max(e.chain_seq), 0) AS top
               FROM audit_chain_heads h LEFT JOIN audit_events e ON e.chain = h.chain AND e.chain_seq IS NOT NULL
              GROUP BY h.chain, h.seq ORDER BY h.chain""")) {
      while (rows.next()) {
        long seq = rows.getLong("seq");
        assertThat(rows.getLong("n")).as("rows of chain %d", rows.getInt("chain")).isEqualTo(seq);
        assertThat(rows.getLong("seqs")).isEqualTo(seq);
        assertThat(rows.getLong("top")).isEqualTo(seq);
      }
    }
  }

  @Test
  @DisplayName("the linker finds the rows it links by primary key, never through the unlinked index's dead entries")
  void linkStatementUsesThePrimaryKey() throws Exception {
    settings();
    StringBuilder plan = new StringBuilder();
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      // A test database is tiny: without this the planner would rightly scan the table; the question is which index it takes.
      s.execute("SET enable_seqscan = off");
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE link(uuid[], int8[], bytea[], bytea[], int2[], int8[], bytea[]) AS " + AuditRepository.LINK);
      try (ResultSet rows = s.executeQuery("EXPLAIN EXECUTE link('{" + UUID.randomUUID() + "}', '{1}', '{\\\\x00}', '{\\\\x00}', '{0}', '{1}', '{\\\\x00}')")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("audit_events_pkey").doesNotContain("audit_events_unlinked_idx");
  }

  @Test
  @DisplayName("an append to an idle writer is written at once, as a batch of one, with no timer to wait for")
  void idleWriterWritesBatchOfOneAtOnce(Vertx vertx) throws Exception {
    settings();
    Pool pool = pool(vertx);
    UUID patient = UUID.randomUUID();
    try {
      AuditWriter.Stats stats = AuditWriter.stats(vertx);
      Context context = vertx.getOrCreateContext();
      Promise<Long> issued = Promise.promise();
      Promise<AuditReceipt> receipt = Promise.promise();
      context.runOnContext(v -> {
        AuditWriter writer = new AuditWriter(vertx, new AuditRepository(pool), () -> PgConnection.connect(vertx, PgConnectOptions.fromUri(TestEnvironment.databaseUrl())).map(SqlConnection.class::cast), () -> { });
        long before = stats.batches();
        Future<AuditReceipt> answer = writer.append(event("test.single", patient));
        // Read before this event-loop turn ends: a timer could not have fired yet.
        issued.complete(stats.batches() - before);
        answer.onComplete(receipt);
      });

      assertThat(await(issued.future())).as("batches sent before append returned").isEqualTo(1);
      AuditReceipt written = await(receipt.future());
      assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE id = ? AND patient_id = ?", written.id(), patient))
          .isEqualTo(1);
    } finally {
      pool.close();
    }
  }

  @Test
  @DisplayName("group and in-transaction appends through three verticle instances are all linked in the background, and the chains verify")
  void concurrentAppendsAcrossInstancesAllLinked(Vertx vertx) throws Exception {
    JsonObject settings = settings();
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()),
        new DeploymentOptions().setInstances(3)));
    BusClient bus = new BusClient(vertx, 20_000);
    Pool pool = pool(vertx);
    UUID patient = UUID.randomUUID();
    try {
      List<Future<?>> appends = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        appends.add(bus.request(AuditService.APPEND, event("test.group", patient)));
        if (i % 2 == 0) {
          appends.add(pool.withTransaction(sql -> AuditLog.appendInTransaction(sql, event("test.tx", patient))));
        }
      }
      await(Future.all(appends));
    } finally {
      pool.close();
    }
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(300);

    // No verify yet (it links first): the writers' nudges and the sweeps must link everything on their own.
    long deadline = System.currentTimeMillis() + 10_000;
    while (unlinked(patient) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(unlinked(patient)).as("rows left unlinked").isZero();
    assertChainsComplete();
    ChainVerdict verdict = await(bus.request(AuditService.VERIFY, null));
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.checked()).isGreaterThanOrEqualTo(300);
  }

  @Test
  @DisplayName("a linker killed mid-way links nothing: its rows and heads are as before, and the next linker links them")
  void killedLinkerLeavesRowsForTheNext(Vertx vertx) throws Exception {
    // A database of its own: a background linker of another test's server (same run database) could link
    // these rows or hold their heads at any moment, and this test needs to know which linker did what.
    FreshDatabase db = FreshDatabase.create();
    Pool first = AuditFixtures.pool(vertx, db.url());
    Pool second = AuditFixtures.pool(vertx, db.url());
    UUID patient = UUID.randomUUID();
    try {
      await(AuditLinker.on(second).linkAll());
      appendInTransactions(first, patient, 40);
      String headsBefore = heads(db.url());
      Future<Integer> killed;
      try (Connection c = TestEnvironment.jdbc(db.url()); Statement s = c.createStatement()) {
        // The linker locks the heads, reads and hashes the rows, then waits to write their links.
        c.setAutoCommit(false);
        s.execute("LOCK TABLE audit_events IN SHARE MODE");
        killed = AuditLinker.on(first).pass(true);
        int pid = waitingLinker(db.url());
        try (Connection k = TestEnvironment.jdbc(db.url()); Statement ks = k.createStatement()) {
          ks.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        await(killed.otherwiseEmpty());
        assertThat(killed.failed()).as("the killed pass failed").isTrue();
        assertThat(unlinked(db.url(), patient)).isEqualTo(40);
        assertThat(heads(db.url())).isEqualTo(headsBefore);
        c.rollback();
      }

      await(AuditLinker.on(second).linkAll());
      assertThat(unlinked(db.url(), patient)).isZero();
      assertChainsComplete(db.url());
      assertThat(verify(second).valid()).isTrue();
    } finally {
      first.close();
      second.close();
      db.close();
    }
  }

  @Test
  @DisplayName("two linkers on two pools linking at once while rows keep arriving produce one valid chain each")
  void twoLinkersConcurrentlyOneValidChain(Vertx vertx) throws Exception {
    settings();
    Pool writes = pool(vertx);
    Pool first = pool(vertx);
    Pool second = pool(vertx);
    UUID patient = UUID.randomUUID();
    try {
      appendInTransactions(writes, patient, 1200);
      AuditLinker a = AuditLinker.on(first);
      AuditLinker b = AuditLinker.on(second);
      List<Future<?>> work = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        work.add(a.linkAll());
        work.add(b.linkAll());
        work.add(b.pass(false));
        work.add(a.pass(false));
      }
      List<Future<?>> more = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        more.add(writes.withTransaction(sql -> AuditLog.appendInTransaction(sql, event("test.late", patient))));
      }
      await(Future.all(work));
      await(Future.all(more));
      await(Future.all(a.linkAll(), b.linkAll()));
    } finally {
      writes.close();
      first.close();
    }
    try {
      assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(1210);
      assertThat(unlinked(patient)).isZero();
      assertChainsComplete();
      ChainVerdict verdict = verify(second);
      assertThat(verdict.valid()).isTrue();
      assertThat(verdict.checked()).isGreaterThanOrEqualTo(1210);
    } finally {
      second.close();
    }
  }

  private static String heads(String url) throws SQLException {
    return (String) Accounts.valueIn(url, "SELECT string_agg(chain || ':' || seq || ':' || encode(hash, 'hex'), ',' ORDER BY chain) FROM audit_chain_heads");
  }

  /** The backend of a linker blocked writing its links. */
  private static int waitingLinker(String url) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      Object pid = Accounts.valueIn(url, """
          SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH linked AS%'""");
      if (pid != null) {
        return ((Number) pid).intValue();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no linker waiting to write its links");
  }
}
