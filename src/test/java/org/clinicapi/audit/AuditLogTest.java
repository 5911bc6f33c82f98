package org.clinicapi.audit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.Features;
import org.clinicapi.audit.api.AuditEntry;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditPage;
import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.audit.AuditFixtures.event;
import static org.clinicapi.audit.AuditFixtures.verify;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit log is append-only, group-committed, hash-chained and pageable")
class AuditLogTest {
  private static final Instant BASE = Instant.parse("2020-03-01T10:00:00Z");

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  private static ServiceException serviceFailure(Future<?> future) throws Exception {
    Throwable failure = await(future.<Throwable>map(v -> null).recover(Future::succeededFuture));
    assertThat(failure).isInstanceOf(ServiceException.class);
    return (ServiceException) failure;
  }

  private static BusClient deploy(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings());
    Migrations.migrate(AppConfig.from(settings).database());
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()), new DeploymentOptions()));
    return new BusClient(vertx, 20_000);
  }

  private static Future<AuditReceipt> append(BusClient bus, AuditEvent event) {
    return bus.request(AuditService.APPEND, event);
  }

  private static AuditPage list(BusClient bus, AuditQuery query) throws Exception {
    return await(bus.request(AuditService.LIST, query));
  }

  private static ChainVerdict verify(BusClient bus) throws Exception {
    return await(bus.request(AuditService.VERIFY, null));
  }

  private static AuditQuery byPatient(UUID patient) {
    return new AuditQuery(patient, null, null, null, null, null, null, AuditQuery.DEFAULT_LIMIT);
  }

  private static List<String> ids(AuditPage page) {
    return page.items().stream().map(e -> e.id().toString()).toList();
  }

  private static void assertRefused(Statement s, String sql) {
    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
        .hasMessageContaining("append-only");
  }

  @Test
  @DisplayName("UPDATE, DELETE and TRUNCATE of audit events fail even for a superuser")
  void auditEventsRefuseChangeEvenForSuperuser(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    String id = await(append(bus, event(Instant.now(), UUID.randomUUID(), "user.read", null))).id().toString();

    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      assertRefused(s, "UPDATE audit_events SET action = 'x' WHERE id = '" + id + "'");
      assertRefused(s, "DELETE FROM audit_events WHERE id = '" + id + "'");
      assertRefused(s, "TRUNCATE audit_events");
      try (ResultSet rs = s.executeQuery("SELECT action FROM audit_events WHERE id = '" + id + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("user.read");
      }
    }
  }

  @Test
  @DisplayName("300 appends arriving while a batch is in flight are written together in the next single INSERT, and every chain verifies")
  void concurrentAppendsGroupCommitted(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    UUID patient = UUID.randomUUID();
    AuditWriter.Stats stats = AuditWriter.stats(vertx);
    long batchesBefore = stats.batches();
    long eventsBefore = stats.events();

    List<Future<AuditReceipt>> appends = new ArrayList<>();
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      // Inserts into audit_events wait while the test holds it in SHARE mode: the first batch stays in flight
      // until every other append has reached the writer, whatever the machine's speed.
      c.setAutoCommit(false);
      s.execute("LOCK TABLE audit_events IN SHARE MODE");
      for (int i = 0; i < 300; i++) {
        appends.add(append(bus, event(Instant.now(), UUID.randomUUID(), "record.read", patient)));
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (stats.appended() - eventsBefore < 300 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(stats.appended() - eventsBefore).as("appends that reached the writer").isEqualTo(300);
      assertThat(appends).as("none answered before its batch is durable").noneMatch(Future::isComplete);
      c.rollback();
    }
    await(Future.all(appends));

    Set<String> ids = new HashSet<>();
    appends.forEach(a -> ids.add(a.result().id().toString()));
    assertThat(ids).hasSize(300);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(300);
    assertThat(stats.batches() - batchesBefore).as("the first append at once, the 299 collected meanwhile in one more").isEqualTo(2);
    assertThat(stats.events() - eventsBefore).isEqualTo(300);
    ChainVerdict verdict = verify(bus);
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.firstBroken()).isNull();
    assertThat(verdict.checked()).isGreaterThanOrEqualTo(300);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ? AND chain_seq IS NULL", patient))
        .as("verify links first").isZero();
  }

  @Test
  @DisplayName("a row changed behind the triggers' back makes verify report it as the first broken link")
  void tamperedRowReportedByVerify(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    List<AuditReceipt> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(await(append(bus, event(Instant.now(), UUID.randomUUID(), "record.read", UUID.randomUUID()))));
    }
    AuditReceipt victim = written.get(2);
    assertThat(verify(bus).valid()).isTrue();
    long victimSeq = (Long) Accounts.value("SELECT chain_seq FROM audit_events WHERE id = ?", victim.id());

    tamper(victim.id().toString(), "record.deleted");
    try {
      ChainVerdict verdict = verify(bus);

      assertThat(verdict.valid()).isFalse();
      assertThat(verdict.firstBroken()).isEqualTo(new ChainVerdict.BrokenLink(victim.chain(), victimSeq, victim.id()));
    } finally {
      // Put the row back so the other tests of this run see intact chains.
      tamper(victim.id().toString(), "record.read");
    }
    assertThat(verify(bus).valid()).isTrue();
  }

  /** What an attacker with superuser rights could do: switch triggers off for the session and edit. */
  private static void tamper(String id, String action) throws SQLException {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      assertThat(s.executeUpdate("UPDATE audit_events SET action = '" + action + "' WHERE id = '" + id + "'"))
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName("an append while the database is unreachable fails with SERVICE_UNAVAILABLE, never success")
  void appendWithDatabaseDownUnavailable(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings())
        .put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + TestServer.freePort() + "/nowhere");
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()), new DeploymentOptions()));
    BusClient bus = new BusClient(vertx, 20_000);

    List<Future<AuditReceipt>> appends = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      appends.add(append(bus, event(Instant.now(), UUID.randomUUID(), "record.read", UUID.randomUUID())));
    }

    for (Future<AuditReceipt> a : appends) {
      assertThat(serviceFailure(a).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    }
  }

  @Test
  @DisplayName("list filters by patient, actor, excluded actor, action and time range, newest first")
  void listFiltersNewestFirst(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    UUID patient = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      AuditEvent e = event(BASE.plusSeconds(i), i % 2 == 0 ? alice : bob, i < 3 ? "record.read" : "record.update", patient);
      ids.add(await(append(bus, e)).id().toString());
    }
    await(append(bus, event(BASE.plusSeconds(2), alice, "record.read", UUID.randomUUID())));
    int all = AuditQuery.DEFAULT_LIMIT;

    assertThat(ids(list(bus, byPatient(patient)))).containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    assertThat(ids(list(bus, new AuditQuery(patient, alice, null, null, null, null, null, all))))
        .containsExactly(ids.get(4), ids.get(2), ids.get(0));
    assertThat(ids(list(bus, new AuditQuery(patient, null, alice, null, null, null, null, all))))
        .containsExactly(ids.get(5), ids.get(3), ids.get(1));
    assertThat(ids(list(bus, new AuditQuery(patient, null, null, "record.update", null, null, null, all))))
        .containsExactly(ids.get(5), ids.get(4), ids.get(3));
    assertThat(ids(list(bus, new AuditQuery(patient, null, null, null, BASE.plusSeconds(1), BASE.plusSeconds(3), null, all))))
        .as("from inclusive, to exclusive").containsExactly(ids.get(2), ids.get(1));
    AuditPage first = list(bus, new AuditQuery(patient, alice, null, null, null, null, null, 3));
    assertThat(first.nextCursor()).as("no next page when the rows fit").isNull();
    assertThat(first.items().get(0).toJson().getString("patientId")).isEqualTo(patient.toString());
  }

  @Test
  @DisplayName("a bad query names every bad field at once")
  void badQueryNamesEveryField() {
    Map<String, String> query = Map.of("patientId", "nope", "limit", "0", "cursor", "%%%", "from", "yesterday",
        "actorId", UUID.randomUUID().toString());

    Throwable thrown = catchThrowable(() -> AuditRequests.query(query::get));

    assertThat(thrown).isInstanceOf(ServiceException.class);
    ServiceException e = (ServiceException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(e.details()).extracting(FieldError::field).containsExactlyInAnyOrder("patientId", "limit", "cursor", "from");
  }

  @Test
  @DisplayName("keyset pages neither skip nor repeat a row while new rows are appended between pages")
  void keysetPagingStableUnderInserts(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    UUID patient = UUID.randomUUID();
    Set<String> original = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      // Pairs share a timestamp, so the id breaks ties.
      original.add(await(append(bus, event(BASE.plusSeconds(i / 2), UUID.randomUUID(), "record.read", patient))).id().toString());
    }

    List<String> seen = new ArrayList<>();
    AuditQuery query = byPatient(patient).withLimit(7);
    Cursor cursor = null;
    int pages = 0;
    do {
      AuditPage page = list(bus, query.after(cursor));
      seen.addAll(ids(page));
      cursor = page.next();
      pages++;
      // Newer, older and same-time rows arrive while the client pages.
      await(append(bus, event(Instant.now(), UUID.randomUUID(), "record.read", patient)));
      await(append(bus, event(BASE.plusSeconds(pages), UUID.randomUUID(), "record.read", patient)));
    } while (cursor != null);

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(original);
    assertThat(pages).isGreaterThanOrEqualTo(5);
  }

  @Test
  @DisplayName("export pages run oldest first and carry the chain links")
  void exportPagesOldestFirstWithLinks(Vertx vertx) throws Exception {
    BusClient bus = deploy(vertx);
    UUID patient = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      await(append(bus, event(BASE.plusSeconds(10 - i), UUID.randomUUID(), "record.read", patient)));
    }

    AuditPage page = await(bus.request(AuditService.PAGE, byPatient(patient)));

    List<JsonObject> items = page.items().stream().map(AuditEntry::toExportJson).toList();
    assertThat(items).hasSize(3);
    assertThat(items.get(0).getString("at")).isEqualTo(BASE.plusSeconds(8).toString());
    assertThat(items.get(2).getString("at")).isEqualTo(BASE.plusSeconds(10).toString());
    assertThat(items.get(0).getString("hash")).hasSize(64);
    assertThat(items.get(0).containsKey("prevHash")).isTrue();
    assertThat(page.nextCursor()).isNull();
  }
}
