package org.clinicapi.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.faults.BookingLoad.Attempt;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Cleanup;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.PrivatePostgres;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private PostgreSQL is crashed (immediate shutdown) under a booking load and started again on the same port
 * and data directory, while the server keeps running. What clients were told is then held against what the
 * database kept.
 */
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL restarted during a booking load: nothing acknowledged is lost, nothing is half written or doubled, "
    + "the pool and readiness recover without a server restart, and no request outlives the request timeout")
class PgRestartFaultTest {
  private static final int REQUEST_TIMEOUT_MS = 3_000;
  /** The request timeout is found by a sweep up to a tenth of it late; the rest is a busy machine's scheduling. */
  private static final long LATENCY_BOUND_MS = REQUEST_TIMEOUT_MS + 1_000;
  private static final int WORKERS = 8;
  /** The server, then PostgreSQL: closed in reverse. */
  private static final Cleanup OPENED = new Cleanup();
  private static PrivatePostgres postgres;
  private static TestServer server;
  private static String databaseUrl;
  private static FaultClient client;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    postgres = OPENED.add(PrivatePostgres.start());
    databaseUrl = postgres.createDatabase("clinic_restart");
    server = OPENED.add(TestServer.ownKeys("pg-restart", new JsonObject().put("DATABASE_URL", databaseUrl)
        .put("HTTP_REQUEST_TIMEOUT_MS", REQUEST_TIMEOUT_MS).put("BUS_TIMEOUT_MS", 2_500).put("DATABASE_STATEMENT_TIMEOUT_MS", 2_000)
        .put("DATABASE_POOL_WAIT_TIMEOUT_MS", 1_000).put("HEALTH_CHECK_INTERVAL_MS", 200).put("SHED_EVENT_LOOP_LAG_MS", 30_000)));
    client = new FaultClient(v, server.port(), 10_000);
  }

  @AfterAll
  static void stop() throws Exception {
    OPENED.close();
  }

  @Test
  @DisplayName("crash and restart mid-load: every 201 is in the database; every 5xx is whole or absent and its retry with the "
      + "same key books it once; readiness goes 503 and back to 200; the audit chain verifies")
  void restartDuringBookings() throws Exception {
    ApiClient api = new ApiClient(vertx, server);
    List<Clinic> clinics = IntStream.range(0, 6).mapToObj(i -> Clinic.createIn(databaseUrl, "Restart " + i)).toList();
    List<String> patients = IntStream.range(0, 2).mapToObj(i -> Clinic.patient(api, "Restart Patient " + i).getString("token")).toList();
    String auditor = api.login(Accounts.userIn(databaseUrl, Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
    BookingLoad load = new BookingLoad(vertx, client, clinics, patients);
    Prober ready = new Prober(vertx, client, "/health/ready", 50);
    load.start(WORKERS);
    Eventually.until(() -> load.count(a -> a.outcome().acknowledged()) >= 15);
    long stoppedAt = System.currentTimeMillis();
    postgres.stopImmediately();
    Eventually.until(() -> ready.lastStatus() == 503 && load.count(a -> a.sentAtMs() > stoppedAt && a.outcome().unknown()) >= 20);
    long restartAt = System.currentTimeMillis();
    postgres.startAgain();
    long upAt = System.currentTimeMillis();
    Eventually.until(() -> ready.lastStatus() == 200 && load.count(a -> a.sentAtMs() > upAt && a.outcome().acknowledged()) >= 15);
    load.stop();
    ready.stop();
    List<Attempt> attempts = load.attempts();
    assertOutcomes(attempts);
    assertDatabaseMatches(attempts);
    assertWholeOrAbsent();
    List<Attempt> unknown = attempts.stream().filter(a -> a.outcome().unknown()).toList();
    assertRetriesBookOnce(unknown, attempts);
    assertWholeOrAbsent();
    assertReadiness(ready, stoppedAt);
    Outcome verdict = FaultClient.await(client.get("/api/v1/audit-events/verify", auditor));
    assertThat(verdict.status()).as(verdict.toString()).isEqualTo(200);
    assertThat(verdict.data().getBoolean("valid")).as(verdict.toString()).isTrue();
    report(attempts, unknown.size(), restartAt - stoppedAt, upAt - restartAt, ready);
  }

  /** No 4xx (every slot is free), and no request waited past the request timeout (and its sweep) for its answer. */
  private static void assertOutcomes(List<Attempt> attempts) {
    assertThat(attempts).noneMatch(a -> a.outcome().status() >= 400 && a.outcome().status() < 500);
    assertThat(attempts).allSatisfy(a -> assertThat(a.outcome().millis()).as(a.outcome().toString()).isLessThan(LATENCY_BOUND_MS));
    assertThat(attempts).filteredOn(a -> a.outcome().unknown()).allSatisfy(a -> {
      assertThat(a.outcome().status()).as("an answer, not a client timeout or a cut connection").isEqualTo(503);
      assertThat(a.outcome().retryAfter()).isNotBlank();
    });
  }

  /** Every acknowledged booking is there, with the id, provider and start its client was given. */
  private static void assertDatabaseMatches(List<Attempt> attempts) {
    for (Attempt a : attempts) {
      if (a.outcome().acknowledged()) {
        JsonObject booked = a.outcome().data();
        assertThat(Accounts.countIn(databaseUrl, "SELECT count(*) FROM appointments WHERE id = ?::uuid AND provider_id = ?::uuid"
            + " AND starts_at = ?::timestamptz", booked.getString("id"), a.body().getString("providerId"), a.body().getString("startsAt")))
            .as("acknowledged booking %s sent at %d, answered in %d ms; rows with its id: %s; audit events: %s",
                booked.getString("id"), a.sentAtMs(), a.outcome().millis(),
                Accounts.valueIn(databaseUrl, "SELECT count(*) FROM appointments WHERE id = ?::uuid", booked.getString("id")),
                Accounts.valueIn(databaseUrl, "SELECT count(*) FROM audit_events WHERE resource_id = ?", booked.getString("id")))
            .isEqualTo(1);
      }
    }
  }

  /**
   * What one booking transaction writes is all there or none of it: each appointment has exactly one creation
   * audit event, one confirmation notice (the patients want e-mail only) and one stored idempotent answer, and
   * none of those exists without its appointment.
   */
  private static void assertWholeOrAbsent() {
    assertNone("appointments without exactly one audit event", """
        SELECT count(*) FROM appointments a WHERE (SELECT count(*) FROM audit_events e
         WHERE e.action = 'appointment.create' AND e.resource_id = a.id::text) <> 1""");
    assertNone("appointments without exactly one notice", """
        SELECT count(*) FROM appointments a WHERE (SELECT count(*) FROM outbox o
         WHERE o.kind = 'appointment.confirmation' AND o.payload->>'appointmentId' = a.id::text) <> 1""");
    assertNone("appointments without exactly one stored answer", """
        SELECT count(*) FROM appointments a WHERE (SELECT count(*) FROM idempotency_records r WHERE r.body->>'id' = a.id::text) <> 1""");
    assertNone("audit events without their appointment", """
        SELECT count(*) FROM audit_events e WHERE e.action = 'appointment.create'
           AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id::text = e.resource_id)""");
    assertNone("notices without their appointment", """
        SELECT count(*) FROM outbox o WHERE o.kind = 'appointment.confirmation'
           AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id::text = o.payload->>'appointmentId')""");
    assertNone("stored answers without their appointment", """
        SELECT count(*) FROM idempotency_records r WHERE r.body IS NULL
            OR NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id::text = r.body->>'id')""");
  }

  private static void assertNone(String what, String sql) {
    assertThat(Accounts.countIn(databaseUrl, sql)).as(what).isZero();
  }

  /**
   * Each unanswered booking sent again with its key gets 201 (its stored answer, or a first booking), exactly one
   * appointment holds its slot, and in all there is one appointment per attempt; acknowledged ones replay.
   */
  private static void assertRetriesBookOnce(List<Attempt> unknown, List<Attempt> attempts) throws Exception {
    List<Attempt> retried = new ArrayList<>(unknown);
    retried.addAll(attempts.stream().filter(a -> a.outcome().acknowledged()).limit(10).toList());
    List<Outcome> answers = new ArrayList<>();
    // As the load's clients would: as many at once as they were, each again after a 503 (Retry-After).
    for (int from = 0; from < retried.size(); from += WORKERS) {
      answers.addAll(FaultClient.awaitAll(retried.subList(from, Math.min(from + WORKERS, retried.size())).stream()
          .map(a -> resent(a, 5)).toList()));
    }
    for (int i = 0; i < retried.size(); i++) {
      Attempt a = retried.get(i);
      Outcome retry = answers.get(i);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
      assertThat(Accounts.valueIn(databaseUrl, "SELECT string_agg(id::text, ',') FROM appointments WHERE provider_id = ?::uuid"
          + " AND starts_at = ?::timestamptz", a.body().getString("providerId"), a.body().getString("startsAt")))
          .as("the one appointment in the slot of %s", a.key()).isEqualTo(retry.data().getString("id"));
      if (a.outcome().acknowledged()) {
        assertThat(retry.data().getString("id")).isEqualTo(a.outcome().data().getString("id"));
      }
    }
    assertThat(Accounts.countIn(databaseUrl, "SELECT count(*) FROM appointments")).isEqualTo(attempts.size());
  }

  private static Future<Outcome> resent(Attempt a, int triesLeft) {
    return client.book(a.token(), a.key(), a.body()).compose(outcome -> outcome.status() != 503 || triesLeft == 0
        ? Future.succeededFuture(outcome)
        : vertx.timer(200).compose(t -> resent(a, triesLeft - 1)));
  }

  private static void assertReadiness(Prober ready, long stoppedAt) {
    assertThat(ready.changes()).as("readiness over time").anySatisfy(c -> {
      assertThat(c.status()).isEqualTo(503);
      assertThat(c.atMs()).isGreaterThanOrEqualTo(stoppedAt);
    });
    assertThat(ready.lastStatus()).isEqualTo(200);
  }

  private static void report(List<Attempt> attempts, int unknown, long downMs, long startMs, Prober ready) {
    long max = attempts.stream().mapToLong(a -> a.outcome().millis()).max().orElse(0);
    long acked = attempts.stream().filter(a -> a.outcome().acknowledged()).count();
    System.out.printf("FAULT pg-restart: %d bookings, %d acknowledged, %d unanswered (503), slowest %d ms; PostgreSQL down %d ms"
        + " before its start, which took %d ms; readiness not 200 for %d ms%n", attempts.size(), acked, unknown, max, downMs, startMs,
        notReadyMs(ready.changes()));
  }

  /** From the first change away from 200 to the next 200. */
  private static long notReadyMs(List<Prober.Change> changes) {
    long from = -1;
    for (Prober.Change c : changes) {
      if (c.status() != 200 && from < 0) {
        from = c.atMs();
      } else if (c.status() == 200 && from >= 0) {
        return c.atMs() - from;
      }
    }
    return -1;
  }
}
