package org.clinicapi.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL slow for real: another session holds a lock the server's statements need. The statement timeout
 * cancels them (57014), the pool's wait timeout and waiter cap refuse the rest, and every request is answered
 * 503 with the envelope and Retry-After well inside the request timeout, while liveness stays quick.
 */
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL slow: locks and a sleeping transaction cost 503s within the timeouts, never a hang, and nothing commits late")
class PgSlowFaultTest {
  private static final int REQUEST_TIMEOUT_MS = 2_500;
  private static final int BUS_TIMEOUT_MS = 2_000;
  private static final int STATEMENT_TIMEOUT_MS = 600;
  private static final int POOL_SIZE = 4;
  /** What an event loop that never stalls answers a liveness probe within, on a busy 2-core CI machine. */
  private static final long LIVENESS_BOUND_MS = 500;
  private static TestServer server;
  private static FaultClient client;
  private static Vertx vertx;
  private static String token;
  private static int hour = 200;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    server = TestServer.ownKeys("pg-slow", new JsonObject().put("HTTP_REQUEST_TIMEOUT_MS", REQUEST_TIMEOUT_MS)
        .put("BUS_TIMEOUT_MS", BUS_TIMEOUT_MS).put("DATABASE_STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS)
        .put("DATABASE_POOL_SIZE", POOL_SIZE).put("DATABASE_POOL_WAIT_TIMEOUT_MS", 400).put("DATABASE_POOL_MAX_WAITERS", 8)
        // Shedding is another test's subject: a busy CI machine must not turn these answers into shed 503s.
        .put("SHED_EVENT_LOOP_LAG_MS", 30_000));
    client = new FaultClient(v, server.port(), 10_000);
    token = Clinic.patient(new ApiClient(v, server), "Slow Database Patient").getString("token");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static synchronized String nextSlot() {
    return Clinic.hoursAhead(hour++);
  }

  private static List<Future<Outcome>> bookings(Clinic clinic, int count, List<String> keys, List<JsonObject> bodies) {
    List<Future<Outcome>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "slow-" + UUID.randomUUID();
      JsonObject body = clinic.booking(nextSlot());
      keys.add(key);
      bodies.add(body);
      sent.add(client.book(token, key, body));
    }
    return sent;
  }

  private static void assertRefusedInTime(List<Outcome> outcomes, long boundMs) {
    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.status()).as(o.toString()).isEqualTo(503);
      assertThat(o.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(o.retryAfter()).isNotBlank();
      assertThat(o.millis()).as(o.toString()).isLessThan(boundMs);
    });
  }

  /** Server sessions of this run's database that are waiting for a lock right now. */
  private static long waitingOnLocks() {
    return Accounts.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        + " AND pid <> pg_backend_pid() AND application_name NOT LIKE 'PostgreSQL JDBC%'");
  }

  @Test
  @DisplayName("bookings waiting on a provider row locked FOR UPDATE are cancelled by the statement timeout (503 before the bus "
      + "timeout), free the pool for other providers meanwhile, and never commit after the lock goes; their retries book once")
  void lockedProviderRowTimesOut() throws Exception {
    Clinic locked = Clinic.create("Slow Locked");
    Clinic free = Clinic.create("Slow Free");
    Prober liveness = new Prober(vertx, client, "/health/live", 20);
    List<String> keys = new ArrayList<>();
    List<JsonObject> bodies = new ArrayList<>();
    List<Outcome> refused;
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT 1 FROM providers WHERE user_id = '" + locked.provider() + "' FOR UPDATE");
      refused = FaultClient.awaitAll(bookings(locked, 2 * POOL_SIZE, keys, bodies));
      assertRefusedInTime(refused, BUS_TIMEOUT_MS);
      assertThat(waitingOnLocks()).as("server sessions still waiting on the lock").isZero();
      Outcome other = FaultClient.await(client.book(token, "slow-" + UUID.randomUUID(), free.booking(nextSlot())));
      assertThat(other.status()).as("another provider while the lock is held: " + other).isEqualTo(201);
      c.rollback();
    } finally {
      liveness.stop();
    }
    Outcome after = FaultClient.await(client.book(token, "slow-" + UUID.randomUUID(), locked.booking(nextSlot())));
    assertThat(after.status()).as(after.toString()).isEqualTo(201);
    String count = "SELECT count(*) FROM appointments WHERE provider_id = ?";
    assertThat(Accounts.count(count, locked.provider())).as("nothing refused committed late").isEqualTo(1);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(FaultClient.await(client.book(token, keys.get(i), bodies.get(i))).status()).isEqualTo(201);
    }
    assertThat(Accounts.count(count, locked.provider())).isEqualTo(1 + keys.size());
    assertThat(liveness.maxMillis()).as("liveness while statements waited").isLessThan(LIVENESS_BOUND_MS);
    report("locked provider row", refused, liveness);
  }

  @Test
  @DisplayName("a transaction that locks appointments and sleeps (pg_sleep) saturates the pool: a burst of reads and bookings "
      + "gets 503 with Retry-After within the request timeout, liveness stays quick, and all works once it commits")
  void sleepingTransactionSaturatesThePool() throws Exception {
    Clinic clinic = Clinic.create("Slow Sleeper");
    Prober liveness = new Prober(vertx, client, "/health/live", 20);
    CompletableFuture<Void> sleeper = new CompletableFuture<>();
    CompletableFuture<Void> locking = CompletableFuture.runAsync(() -> sleepHoldingLock(sleeper));
    sleeper.get();
    List<Future<Outcome>> burst = new ArrayList<>(bookings(clinic, 12, new ArrayList<>(), new ArrayList<>()));
    for (int i = 0; i < 12; i++) {
      burst.add(client.get("/api/v1/appointments?limit=5", token));
    }
    List<Outcome> outcomes = FaultClient.awaitAll(burst);
    boolean sleeperStillRunning = !locking.isDone();
    liveness.stop();
    assertThat(sleeperStillRunning).as("the burst was answered while the competing transaction still slept").isTrue();
    assertRefusedInTime(outcomes, REQUEST_TIMEOUT_MS);
    locking.get();
    Outcome after = FaultClient.await(client.book(token, "slow-" + UUID.randomUUID(), clinic.booking(nextSlot())));
    assertThat(after.status()).as(after.toString()).isEqualTo(201);
    assertThat(FaultClient.await(client.get("/api/v1/appointments?limit=5", token)).status()).isEqualTo(200);
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isEqualTo(1);
    assertThat(liveness.maxMillis()).as("liveness while the pool was saturated").isLessThan(LIVENESS_BOUND_MS);
    report("sleeping lock holder", outcomes, liveness);
  }

  /** Another client's slow transaction: an exclusive lock on appointments held through a 4 s pg_sleep, then commit. */
  private static void sleepHoldingLock(CompletableFuture<Void> locked) {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE appointments IN ACCESS EXCLUSIVE MODE");
      locked.complete(null);
      s.execute("SELECT pg_sleep(4)");
      c.commit();
    } catch (Exception e) {
      locked.completeExceptionally(e);
      throw new IllegalStateException(e);
    }
  }

  private static void report(String what, List<Outcome> outcomes, Prober liveness) {
    long max = outcomes.stream().mapToLong(Outcome::millis).max().orElse(0);
    System.out.printf("FAULT pg-slow %s: %d refused, slowest answer %d ms, liveness max %d ms over %d probes%n",
        what, outcomes.size(), max, liveness.maxMillis(), liveness.answers());
  }
}
