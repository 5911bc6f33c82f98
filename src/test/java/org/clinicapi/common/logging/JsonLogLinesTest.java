package org.clinicapi.common.logging;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.ServerProcess;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@DisplayName("With LOG_FORMAT=json every line the server prints is one JSON object, through client resets and killed database backends")
class JsonLogLinesTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("a client resetting its connection (idle and mid-body) and PostgreSQL terminating a backend in use leave only JSON lines; the resets are no ERROR")
  void resetsAndTerminatedBackendsLogOnlyJson() throws Exception {
    int port = TestServer.freePort();
    List<String> out;
    List<String> err;
    String resetRequestId;
    try (FreshDatabase db = FreshDatabase.create(); ServerProcess server = ServerProcess.start(settings(db, port))) {
      server.awaitStdout(line -> line.contains("clinic-api ready"), 120);
      awaitReady(port);

      resetIdleConnection(port);
      resetMidBody(port);
      // The mid-body reset ends its request unanswered: its access line is the sign that both resets were handled.
      resetRequestId = new JsonObject(server.awaitStdout(
          line -> line.contains("\"method\":\"POST\"") && line.contains("\"completed\":false"), 30)).getString("requestId");

      terminateBackendInUse(db, port);
      awaitReady(port);
      server.close();
      out = server.stdout();
      err = server.stderr();
    }

    assertThat(out).as("stdout").isNotEmpty().allSatisfy(JsonLogLinesTest::assertJsonObject);
    assertThat(out).as("the terminated backend, reported through the log").anySatisfy(line -> assertThat(line).contains("57P01"));
    assertThat(err).as("stderr, but for the JVM's own warnings").filteredOn(line -> !jvmNotice(line)).isEmpty();
    assertThat(out).as("ERROR lines about the client resets").filteredOn(line -> line.contains("\"level\":\"ERROR\""))
        .noneSatisfy(line -> assertThat(line).containsAnyOf(resetRequestId, "Connection reset"));
  }

  private static Map<String, String> settings(FreshDatabase db, int port) throws IOException {
    JsonObject test = TestEnvironment.settings();
    Map<String, String> env = new HashMap<>();
    test.forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.put("CLINIC_PROFILE", "prod");
    // prod needs somewhere to send e-mail; nothing listens there, so sends fail and are logged (as JSON too).
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", String.valueOf(TestServer.freePort()));
    env.put("MAIL_FROM", "clinic@example.test");
    // and Stripe credentials; nothing listens at its base either (the reachability ping fails, logged as JSON).
    env.put("STRIPE_SECRET_KEY", "sk_test_json_logs");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_json_logs");
    env.put("STRIPE_API_BASE", "http://127.0.0.1:" + TestServer.freePort());
    // and the key that encrypts profile fields at rest (prod generates none).
    env.put("DATA_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
    env.put("DATABASE_URL", db.url());
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("HTTP_INSTANCES", "1");
    env.put("HTTP_SHUTDOWN_DRAIN_MS", "0");
    env.put("METRICS_PORT", String.valueOf(TestServer.freePort()));
    env.put("LOG_FORMAT", "json");
    env.put("LOG_LEVEL", "INFO");
    env.put("DATA_DIR", Files.createTempDirectory("clinic-json-logs-").toString());
    return env;
  }

  private static void assertJsonObject(String line) {
    try {
      assertThat(new JsonObject(line).getString("level")).as("level of %s", line).isNotBlank();
    } catch (DecodeException | ClassCastException e) {
      fail("not one JSON object: %s", line);
    }
  }

  /** A keep-alive client that vanishes after its answer: RST on an idle connection. */
  private static void resetIdleConnection(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      send(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      readStatusLine(socket, "HTTP/1.1 200");
      socket.setSoLinger(true, 0);
    }
  }

  /**
   * A client that dies while sending its body: the 100 Continue proves the server is reading the body when
   * the RST (SO_LINGER 0 on close) arrives.
   */
  private static void resetMidBody(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      send(socket, "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 200\r\nExpect: 100-continue\r\n\r\n");
      readStatusLine(socket, "HTTP/1.1 100");
      send(socket, "{\"email\":\"someone@example.org\",");
      socket.setSoLinger(true, 0);
    }
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void readStatusLine(Socket socket, String expected) throws IOException {
    socket.setSoTimeout(10_000);
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    assertThat(in.readLine()).startsWith(expected);
  }

  /**
   * A backend terminated while the server holds its connection (inside a transaction), as an operator's
   * {@code pg_terminate_backend} or a failover does: the sign-up's INSERT waits on a table lock held here,
   * its backend (and every other of the server's) is terminated, then the lock is released.
   */
  private static void terminateBackendInUse(FreshDatabase db, int port) throws Exception {
    // Two sessions: activity statistics are a snapshot per transaction, so the lock holder cannot watch them.
    try (Connection locker = db.connect(); Connection watcher = db.connect(); Statement lock = locker.createStatement();
        Statement watch = watcher.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE users IN SHARE MODE");
      CompletableFuture<HttpResponse<String>> signUp = HTTP.sendAsync(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/auth/register"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"terminated@example.org\",\"password\":\"correct horse battery\","
              + "\"name\":\"Terry Minated\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      awaitLockWaiter(watch, signUp);
      assertThat(count(watch, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), " + pid(lock) + ")"))
          .as("backends terminated").isPositive();
      locker.rollback();
      // The answer (an error) comes after the connection's failure has been reported, wherever that goes.
      signUp.get(30, TimeUnit.SECONDS);
    }
  }

  private static long pid(Statement s) throws SQLException {
    return count(s, "SELECT pg_backend_pid()");
  }

  private static void awaitLockWaiter(Statement s, CompletableFuture<HttpResponse<String>> signUp) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count(s, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0) {
      if (System.nanoTime() > deadline) {
        fail("the sign-up never waited on the users lock; its answer: %s",
            signUp.isDone() ? signUp.join().statusCode() + " " + signUp.join().body() : "none yet");
      }
      pause();
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** What the JVM itself prints before any logging exists (deprecated flags, restricted native access). */
  private static boolean jvmNotice(String line) {
    return line.startsWith("WARNING: ") || line.startsWith("OpenJDK 64-Bit Server VM warning");
  }

  /** Paces a poll; the polled condition decides when it ends. */
  private static void pause() {
    CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)).join();
  }

  /** Readiness answers 200 (the database answered through the pool); polled, readiness is cached a second. */
  private static void awaitReady(int port) throws Exception {
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return;
      }
      pause();
    }
    fail("readiness never answered 200 (last %d)", status);
  }
}
