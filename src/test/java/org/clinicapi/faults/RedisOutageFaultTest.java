package org.clinicapi.faults;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Cleanup;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.PrivateRedis;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private redis-server is frozen (SIGSTOP: a hung Redis), then killed, then started again empty, while the
 * server keeps running. Each use of Redis must answer as the README says while it is away, within
 * REDIS_TIMEOUT_MS and a margin, and work again once it is back, without a restart of the server.
 */
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("Redis hung, killed and back empty: rate limits fail open, idempotency, sign-in and Google sign-in fail closed "
    + "within REDIS_TIMEOUT_MS, revoked sessions stay revoked (also on a server started without Redis), and everything works "
    + "again without a server restart")
class RedisOutageFaultTest {
  private static final int REDIS_TIMEOUT_MS = 500;
  /** REDIS_TIMEOUT_MS plus what a busy 2-core machine adds to one request. */
  private static final long DOWN_BOUND_MS = REDIS_TIMEOUT_MS + 700;
  private static final String OIDC_START = "/api/v1/auth/oidc/google";
  /** Redis, the OpenID provider, the server: closed in reverse. */
  private static final Cleanup OPENED = new Cleanup();
  private static PrivateRedis redis;
  private static MockOAuth2Server google;
  private static TestServer server;
  private static FaultClient client;
  private static ApiClient api;
  private static Vertx vertx;
  private static String prefix;
  private static int hour = 300;
  private static long laterServerRefusedMs;
  private final List<Outcome> whileDown = new ArrayList<>();

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    redis = OPENED.add(PrivateRedis.start());
    google = new MockOAuth2Server();
    google.start(InetAddress.getLoopbackAddress(), TestServer.freePort());
    OPENED.add(google::shutdown);
    prefix = TestEnvironment.keyPrefix() + "redis-outage-" + UUID.randomUUID() + ":";
    server = OPENED.add(start(TestServer.freePort()));
    client = new FaultClient(v, server.port(), 15_000);
    api = new ApiClient(v, server);
  }

  /** A server on {@code port} against the private Redis; every server of this class shares the key prefix. */
  private static TestServer start(int port) {
    return TestServer.start(new JsonObject().put("REDIS_URL", redis.url()).put("REDIS_KEY_PREFIX", prefix)
        .put("REDIS_TIMEOUT_MS", REDIS_TIMEOUT_MS).put("HTTP_PORT", port).put("HTTP_REQUEST_TIMEOUT_MS", 5_000)
        .put("BUS_TIMEOUT_MS", 4_000).put("DATABASE_STATEMENT_TIMEOUT_MS", 3_000).put("LOGIN_MAX_FAILURES", 1000)
        .put("RATE_LIMIT_PER_MINUTE", 100_000).put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000).put("SHED_EVENT_LOOP_LAG_MS", 30_000)
        .put("OIDC_ISSUER", google.issuerUrl("google").toString()).put("OIDC_CLIENT_ID", "clinic-api-test")
        .put("OIDC_CLIENT_SECRET", "test-secret").put("OIDC_REDIRECT_URI", "http://127.0.0.1:" + port + "/api/v1/auth/oidc/google/callback")
        .put("OIDC_ALLOWED_DOMAINS", "clinic.example"));
  }

  @AfterAll
  static void stop() throws Exception {
    OPENED.close();
  }

  private static synchronized String nextSlot() {
    return Clinic.hoursAhead(hour++);
  }

  private static Outcome call(io.vertx.core.Future<Outcome> request) throws Exception {
    return FaultClient.await(request);
  }

  private static String login(JsonObject patient) {
    return api.login(patient.getString("email"), patient.getString("password")).getString("accessToken");
  }

  @Test
  @DisplayName("hung, then killed, then back empty: each use answers as documented within the bound, then recovers")
  void redisDownAndBack() throws Exception {
    Clinic clinic = Clinic.create("Redis Outage");
    JsonObject patient = api.registerPatient("Redis Outage Patient");
    String token = patient.getString("accessToken");
    String revokedBefore = login(patient);
    assertThat(call(client.post("/api/v1/auth/logout", revokedBefore, null)).status()).isEqualTo(204);
    JsonObject firstBody = clinic.booking(nextSlot());
    Outcome first = call(client.book(token, "outage-first", firstBody));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);

    String revokedWhileHung = login(patient);
    String revokedWhileGone = login(patient);
    redis.freeze();
    downChecks(clinic, patient, token, revokedWhileHung, "hung");
    redis.kill();
    downChecks(clinic, patient, token, revokedWhileGone, "gone");
    List<String> revoked = List.of(revokedBefore, revokedWhileHung, revokedWhileGone);
    assertLaterServerRefuses(revoked, token);
    long down = System.currentTimeMillis();
    redis.startEmpty();
    awaitRecovery(clinic, token);
    long recovered = System.currentTimeMillis() - down;

    assertRefused(client, revoked, token);
    Outcome replay = call(client.book(token, "outage-first", firstBody));
    assertThat(replay.status()).as("the key's answer comes from PostgreSQL now that Redis lost it: " + replay).isEqualTo(201);
    assertThat(replay.data().getString("id")).isEqualTo(first.data().getString("id"));
    System.out.printf("FAULT redis: %d answers while Redis was hung or gone, slowest %d ms (bound %d ms); recovered %d ms after the"
        + " empty start; a server started without Redis refused the revoked tokens %d ms after its start%n", whileDown.size(),
        whileDown.stream().mapToLong(Outcome::millis).max().orElse(0), DOWN_BOUND_MS, recovered, laterServerRefusedMs);
  }

  /**
   * While Redis is away: reads go on (the rate limit fails open), a booking without a key goes on, a booking
   * with a key is 503 (idempotency fails closed), sign-in and Google sign-in are 503, and a logout works and
   * ends that session's token at once.
   */
  private void downChecks(Clinic clinic, JsonObject patient, String token, String session, String phase) throws Exception {
    expect(phase + " read", client.get("/api/v1/appointments?limit=1", token), 200, null);
    expect(phase + " booking without a key", client.book(token, null, clinic.booking(nextSlot())), 201, null);
    expect(phase + " booking with a key", client.book(token, "outage-" + UUID.randomUUID(), clinic.booking(nextSlot())), 503,
        "SERVICE_UNAVAILABLE");
    expect(phase + " sign-in", client.post("/api/v1/auth/login", null, credentials(patient)), 503, "SERVICE_UNAVAILABLE");
    expect(phase + " Google sign-in", client.get(OIDC_START, null), 503, "SERVICE_UNAVAILABLE");
    expect(phase + " logout", client.post("/api/v1/auth/logout", session, null), 204, null);
    expect(phase + " the logged-out session's token", client.get("/api/v1/appointments?limit=1", session), 401, null);
  }

  private void expect(String what, io.vertx.core.Future<Outcome> request, int status, String code) throws Exception {
    Outcome outcome = call(request);
    whileDown.add(outcome);
    assertThat(outcome.status()).as(what + ": " + outcome).isEqualTo(status);
    assertThat(outcome.millis()).as(what + ": " + outcome).isLessThan(DOWN_BOUND_MS);
    if (code != null) {
      assertThat(outcome.errorCode()).as(what).isEqualTo(code);
      assertThat(outcome.retryAfter()).as(what).isNotBlank();
    }
  }

  private static JsonObject credentials(JsonObject patient) {
    return new JsonObject().put("email", patient.getString("email")).put("password", patient.getString("password"));
  }

  /** Redis is back, empty: the server's clients reconnect on their own; each use works again. */
  private static void awaitRecovery(Clinic clinic, String token) {
    Eventually.until(() -> status(client.book(token, "outage-" + UUID.randomUUID(), clinic.booking(nextSlot()))) == 201);
    Eventually.until(() -> status(client.get(OIDC_START, null)) == 302);
    JsonObject wrong = new JsonObject().put("email", "nobody." + UUID.randomUUID() + "@example.com").put("password", "wrong password");
    Eventually.until(() -> status(client.post("/api/v1/auth/login", null, wrong)) == 401);
  }

  private static int status(io.vertx.core.Future<Outcome> request) {
    try {
      return call(request).status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The revoked sessions' tokens are refused, the live one is not. */
  private static void assertRefused(FaultClient on, List<String> revoked, String live) throws Exception {
    for (String token : revoked) {
      Outcome refused = call(on.get("/api/v1/appointments?limit=1", token));
      assertThat(refused.status()).as("a revoked session's token: " + refused).isEqualTo(401);
    }
    assertThat(call(on.get("/api/v1/appointments?limit=1", live)).status()).isEqualTo(200);
  }

  /**
   * A server started while Redis is gone (and later on an empty Redis) learns nothing of these revocations from
   * Redis: it must have them from PostgreSQL (sessions.revoked_at), or the tokens would work there until they expire.
   */
  private static void assertLaterServerRefuses(List<String> revoked, String live) throws Exception {
    try (TestServer later = start(TestServer.freePort())) {
      FaultClient there = new FaultClient(vertx, later.port(), 15_000);
      // Its HTTP verticles start before the database verticles (probes answer meanwhile): they load from
      // PostgreSQL on their next try after the auth service is up, within a second.
      long started = System.currentTimeMillis();
      Eventually.until(() -> revoked.stream().allMatch(token -> status(there.get("/api/v1/appointments?limit=1", token)) == 401));
      laterServerRefusedMs = System.currentTimeMillis() - started;
      assertRefused(there, revoked, live);
    }
  }
}
