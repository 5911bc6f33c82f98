package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.hoursAhead;

/**
 * Issue 10 item 5: a key whose effect committed is never released. The reply is lost for real: the
 * booking's transaction waits to insert its audit row (the test holds audit_events in SHARE mode, which
 * blocks every INSERT into it) past BUS_TIMEOUT_MS, so the route
 * answers 503 (and Redis releases the key), then the lock goes and the booking commits.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A booking whose reply was lost after its commit is replayed to the retry with the same Idempotency-Key")
class AppointmentLostReplyTest {
  private static final int BUS_TIMEOUT_MS = 2_000;
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject().put("BUS_TIMEOUT_MS", BUS_TIMEOUT_MS).put("DATABASE_STATEMENT_TIMEOUT_MS", 0)
        .put("LOGIN_MAX_FAILURES", 1000)
        .put("RATE_LIMIT_PER_MINUTE", 100_000).put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final String BOOK = "/api/v1/appointments";
  private static final String HOLD = "/api/v1/appointments/holds";

  private static Future<HttpResponse<Buffer>> book(String token, String key, JsonObject body) {
    return send(BOOK, token, key, body);
  }

  private static Future<HttpResponse<Buffer>> send(String path, String token, String key, JsonObject body) {
    return api.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token)
        .putHeader("Idempotency-Key", key).sendJsonObject(body);
  }

  private static HttpResponse<Buffer> stalled(String token, String key, JsonObject body) throws Exception {
    return stalled(BOOK, token, key, body);
  }

  /** Sends the write while audit inserts are blocked past BUS_TIMEOUT_MS; the lock goes after the answer. */
  private static HttpResponse<Buffer> stalled(String path, String token, String key, JsonObject body) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE audit_events IN SHARE MODE");
      HttpResponse<Buffer> answer = ApiClient.await(send(path, token, key, body));
      c.rollback();
      return answer;
    }
  }

  @Test
  @DisplayName("503 while the commit is stalled, the booking commits, the retry gets the same 201 (not 409 SLOT_TAKEN)")
  void lostReplyReplayedFromTheDatabase() throws Exception {
    Clinic clinic = Clinic.create("Lost Reply");
    JsonObject patient = Clinic.patient(api, "Lost Reply Patient");
    String token = patient.getString("token");
    String id = patient.getString("id");
    JsonObject body = clinic.booking(hoursAhead(130));
    HttpResponse<Buffer> lost = stalled(token, "lost-1", body);
    assertThat(lost.statusCode()).as(lost.bodyAsString()).isEqualTo(503);
    long deadline = System.currentTimeMillis() + 10_000;
    while (Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id) == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).as("committed after the 503").isEqualTo(1);

    HttpResponse<Buffer> retry = ApiClient.await(book(token, "lost-1", body));
    String booked = data(retry, 201).getString("id");
    assertThat(Accounts.value("SELECT id::text FROM appointments WHERE patient_id = ?::uuid", id)).isEqualTo(booked);
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isEqualTo(1);

    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'appointment.create' AND resource_id = ?",
        booked)).isEqualTo(1);
  }

  @Test
  @DisplayName("after a lost reply, the same key with another body is 409 IDEMPOTENCY_KEY_REUSED from the database, not a second booking")
  void lostReplyKeyReusedForAnotherBody() throws Exception {
    Clinic clinic = Clinic.create("Lost Reuse");
    JsonObject patient = Clinic.patient(api, "Lost Reuse Patient");
    String token = patient.getString("token");
    String id = patient.getString("id");
    assertThat(stalled(token, "lost-2", clinic.booking(hoursAhead(140))).statusCode()).isEqualTo(503);
    HttpResponse<Buffer> reused = ApiClient.await(book(token, "lost-2", clinic.booking(hoursAhead(150))));
    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(Clinic.errorCode(reused)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isEqualTo(1);
  }

  @Test
  @DisplayName("a hold whose reply was lost after its commit: the retry with the same key gets the same hold (not 409 SLOT_TAKEN)")
  void lostHoldReplyReplayedFromTheDatabase() throws Exception {
    Clinic clinic = Clinic.create("Lost Hold");
    JsonObject patient = Clinic.patient(api, "Lost Hold Patient");
    String token = patient.getString("token");
    String id = patient.getString("id");
    JsonObject body = clinic.booking(hoursAhead(160));
    body.remove("reason");
    HttpResponse<Buffer> lost = stalled(HOLD, token, "lost-hold", body);
    assertThat(lost.statusCode()).as(lost.bodyAsString()).isEqualTo(503);
    String held = "SELECT count(*) FROM appointments WHERE patient_id = ?::uuid AND status = 'held'";
    long deadline = System.currentTimeMillis() + 10_000;
    while (Accounts.count(held, id) == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Accounts.count(held, id)).as("committed after the 503").isEqualTo(1);

    HttpResponse<Buffer> retry = ApiClient.await(send(HOLD, token, "lost-hold", body));
    String holdId = data(retry, 201).getString("holdId");
    assertThat(Accounts.value("SELECT id::text FROM appointments WHERE patient_id = ?::uuid AND status = 'held'", id))
        .isEqualTo(holdId);
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isEqualTo(1);
  }
}
