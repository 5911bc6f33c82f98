package org.clinicapi.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.core.json.JsonObject;
import org.clinicapi.Features;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.bus.BusClient;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.audit.AuditFixtures.event;
import static org.clinicapi.audit.AuditFixtures.verify;
import static org.clinicapi.audit.AuditFixtures.pool;

/**
 * Group writers lease writer chains of their own and insert their rows linked; each test runs on a database of
 * its own, so the writers of other tests' servers hold none of its writer chains.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Group writers link their rows at insert on writer chains of their own, leased on their own connections")
class AuditWriterChainsTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  /** A writer on an event loop of its own, as in a database verticle instance; appends run on that loop. */
  private record Writer(Context context, AuditWriter writer) {
    static Writer on(Vertx vertx, Pool pool, String url) {
      Context context = vertx.getOrCreateContext();
      Supplier<Future<SqlConnection>> connector = () -> PgConnection.connect(vertx, PgConnectOptions.fromUri(url))
          .map(SqlConnection.class::cast);
      return new Writer(context, new AuditWriter(vertx, new AuditRepository(pool), connector, () -> { }));
    }

    Future<AuditReceipt> append(AuditEvent event) {
      Promise<AuditReceipt> receipt = Promise.promise();
      context.runOnContext(v -> writer.append(event).onComplete(receipt));
      return receipt.future();
    }

    List<Future<AuditReceipt>> appendMany(int n, UUID patient) {
      List<Future<AuditReceipt>> receipts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        receipts.add(append(event("test.writer", patient)));
      }
      return receipts;
    }

    Future<Void> close() {
      Promise<Void> closed = Promise.promise();
      context.runOnContext(v -> writer.close().onComplete(closed));
      return closed.future();
    }
  }

  private static boolean writerChain(int chain) {
    return chain >= AuditLog.FIRST_WRITER_CHAIN && chain < AuditLog.CHAINS;
  }

  @Test
  @DisplayName("a batch's rows are linked when its appends are answered (no linker ran), and the chains verify")
  void rowsLinkedAtInsert(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Pool pool = pool(vertx, db.url());
      Writer writer = Writer.on(vertx, pool, db.url());
      UUID patient = UUID.randomUUID();
      try {
        List<Future<AuditReceipt>> first = writer.appendMany(50, patient);
        await(Future.all(first));
        List<Future<AuditReceipt>> second = writer.appendMany(150, patient);
        await(Future.all(second));
        int chain = first.get(0).result().chain();
        assertThat(writerChain(chain)).as("chain %d is a writer chain", chain).isTrue();
        assertThat(second).allSatisfy(r -> assertThat(r.result().chain()).isEqualTo(chain));
        // Nothing linked them but the writer itself (its linker nudge is a no-op here).
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE patient_id = ? AND chain_seq IS NULL", patient)).isZero();
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE patient_id = ? AND chain = ?", patient, chain))
            .isEqualTo(200);
        assertThat(Accounts.countIn(db.url(), "SELECT seq FROM audit_chain_heads WHERE chain = ?", chain)).isEqualTo(200);
        ChainVerdict verdict = verify(pool);
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.checked()).isEqualTo(200);
      } finally {
        await(writer.close());
        pool.close();
      }
    }
  }

  @Test
  @DisplayName("two writers on their own connections lease two different writer chains")
  void twoWritersTakeDifferentChains(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Pool pool = pool(vertx, db.url());
      Writer a = Writer.on(vertx, pool, db.url());
      Writer b = Writer.on(vertx, pool, db.url());
      UUID patient = UUID.randomUUID();
      try {
        for (int round = 0; round < 3; round++) {
          List<Future<AuditReceipt>> fromA = a.appendMany(20, patient);
          List<Future<AuditReceipt>> fromB = b.appendMany(20, patient);
          await(Future.all(Future.all(fromA), Future.all(fromB)));
          int chainA = fromA.get(0).result().chain();
          int chainB = fromB.get(0).result().chain();
          assertThat(writerChain(chainA)).isTrue();
          assertThat(writerChain(chainB)).isTrue();
          assertThat(chainA).isNotEqualTo(chainB);
        }
        assertThat(leases(db.url())).isEqualTo(2);
        ChainVerdict verdict = verify(pool);
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.checked()).isEqualTo(120);
      } finally {
        await(Future.all(a.close(), b.close()));
        pool.close();
      }
    }
  }

  @Test
  @DisplayName("a writer whose lease connection is killed fails its batch in flight with 503, leases again and goes on; no gap, no fork")
  void killedLeaseFailsInFlightAndReleases(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Pool pool = pool(vertx, db.url());
      Writer writer = Writer.on(vertx, pool, db.url());
      UUID patient = UUID.randomUUID();
      try {
        await(Future.all(writer.appendMany(10, patient)));
        Future<AuditReceipt> inFlight;
        try (Connection c = TestEnvironment.jdbc(db.url()); Statement s = c.createStatement()) {
          // Holds the writer's next INSERT, so that its batch is in flight when its connection dies.
          c.setAutoCommit(false);
          s.execute("LOCK TABLE audit_events IN SHARE MODE");
          inFlight = writer.append(event("test.killed", patient));
          int pid = waitingWriter(db.url());
          try (Connection k = TestEnvironment.jdbc(db.url()); Statement ks = k.createStatement()) {
            ks.execute("SELECT pg_terminate_backend(" + pid + ")");
          }
          await(inFlight.otherwiseEmpty());
          c.rollback();
        }
        assertThat(inFlight.failed()).as("the batch in flight failed").isTrue();
        assertThat(inFlight.cause()).isInstanceOf(ServiceException.class);
        assertThat(((ServiceException) inFlight.cause()).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);

        List<Future<AuditReceipt>> after = writer.appendMany(30, patient);
        await(Future.all(after));
        assertThat(after).allSatisfy(r -> assertThat(writerChain(r.result().chain())).isTrue());
        assertThat(AuditWriter.stats(vertx).leases()).isGreaterThanOrEqualTo(2);
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(40);
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE action = 'test.killed'")).isZero();
        ChainVerdict verdict = verify(pool);
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.checked()).isEqualTo(40);
      } finally {
        await(writer.close());
        pool.close();
      }
    }
  }

  @Test
  @DisplayName("a writer whose chain head moved behind its back (a lost lease) writes nothing of its batch and answers 503")
  void headMovedBehindTheWriterWritesNothing(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Pool pool = pool(vertx, db.url());
      Writer writer = Writer.on(vertx, pool, db.url());
      UUID patient = UUID.randomUUID();
      try {
        int chain = await(writer.append(event("test.first", patient))).chain();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
          s.execute("UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain = " + chain);
        }

        Future<AuditReceipt> refused = writer.append(event("test.refused", patient));
        await(refused.otherwiseEmpty());
        assertThat(refused.failed()).isTrue();
        assertThat(((ServiceException) refused.cause()).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(1);
        assertThat(Accounts.countIn(db.url(), "SELECT seq FROM audit_chain_heads WHERE chain = ?", chain)).isEqualTo(2);
      } finally {
        await(writer.close());
        pool.close();
      }
    }
  }

  @Test
  @DisplayName("a writer beyond the writer chains writes unlinked rows to shared chains, which the linker links")
  void moreWritersThanChainsFallBackToShared(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Pool pool = pool(vertx, db.url());
      List<Writer> writers = new ArrayList<>();
      UUID patient = UUID.randomUUID();
      try {
        List<Integer> leased = new ArrayList<>();
        for (int i = 0; i < AuditLog.WRITER_CHAINS; i++) {
          Writer w = Writer.on(vertx, pool, db.url());
          writers.add(w);
          leased.add(await(w.append(event("test.leased", patient))).chain());
        }
        assertThat(leased).allSatisfy(chain -> assertThat(writerChain(chain)).isTrue()).doesNotHaveDuplicates();

        Writer extra = Writer.on(vertx, pool, db.url());
        writers.add(extra);
        List<Future<AuditReceipt>> shared = extra.appendMany(40, patient);
        await(Future.all(shared));
        assertThat(shared).allSatisfy(r -> assertThat(r.result().chain()).isBetween(0, AuditLog.SHARED_CHAINS - 1));
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE patient_id = ? AND chain_seq IS NULL", patient))
            .isEqualTo(40);

        await(AuditLinker.on(pool).linkAll());
        assertThat(Accounts.countIn(db.url(), "SELECT count(*) FROM audit_events WHERE chain_seq IS NULL")).isZero();
        ChainVerdict verdict = verify(pool);
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.checked()).isEqualTo(AuditLog.WRITER_CHAINS + 40);
      } finally {
        for (Writer w : writers) {
          await(w.close());
        }
        pool.close();
      }
    }
  }

  @Test
  @DisplayName("an undeployed database verticle gives its writer chain back (its lease connection closes)")
  void undeployReleasesTheLease(Vertx vertx) throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings()).put("DATABASE_URL", db.url());
      String id = await(vertx.deployVerticle(new DatabaseVerticle(AppConfig.from(settings), "1", Features.all())));
      AuditReceipt receipt = await(new BusClient(vertx, 20_000).request(AuditService.APPEND, event("test.deployed", UUID.randomUUID())));
      assertThat(writerChain(receipt.chain())).isTrue();
      assertThat(leases(db.url())).isEqualTo(1);
      await(vertx.undeploy(id));
      long deadline = System.currentTimeMillis() + 5_000;
      while (leases(db.url()) > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(leases(db.url())).isZero();
    }
  }

  private static long leases(String url) throws SQLException {
    return Accounts.countIn(url, """
        SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", AuditRepository.LEASE_KEY);
  }

  @Test
  @DisplayName("a row on a writer chain cannot be inserted unlinked (the linkers never look there)")
  void writerChainRowsMustBeLinked() throws Exception {
    try (FreshDatabase db = FreshDatabase.create(); Connection c = db.connect(); Statement s = c.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("""
          INSERT INTO audit_events (id, at, action, outcome, chain) VALUES (gen_random_uuid(), now(), 'x', 'success', 9)"""))
          .isInstanceOf(SQLException.class).hasMessageContaining("audit_events_writer_chain_linked");
    }
  }

  /** The backend of a writer blocked inserting its batch. */
  private static int waitingWriter(String url) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      long pid = Accounts.countIn(url, """
          SELECT coalesce(max(pid), 0) FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH head AS%'""");
      if (pid != 0) {
        return (int) pid;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no writer waiting to insert its batch");
  }
}
