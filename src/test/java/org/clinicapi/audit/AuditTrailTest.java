package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Patient data reads are audited exactly once, and a read the audit log cannot record is a 503, never an unaudited 200")
class AuditTrailTest {
  private static final String BLOCK = "ALTER TABLE audit_events ADD CONSTRAINT audit_block CHECK (action <> 'user.read') NOT VALID";
  private static final String UNBLOCK = "ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_block";
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    Accounts.update(UNBLOCK);
    server.close();
  }

  private static long reads(UUID patient) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.read' AND patient_id = ?", patient);
  }

  @Test
  @DisplayName("GET /users/me by a patient appends exactly one user.read event naming that patient")
  void patientProfileReadAuditedOnce() {
    JsonObject patient = api.registerPatient("Audited Reader");
    UUID id = UUID.fromString(patient.getJsonObject("user").getString("id"));
    long byActor = Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ?", id);
    // The welcome e-mail's notification.sent event names the patient too, whenever the dispatcher gets to it.
    String aboutQuery = "SELECT count(*) FROM audit_events WHERE patient_id = ? AND action <> 'notification.sent'";
    long aboutPatient = Accounts.count(aboutQuery, id);

    HttpResponse<Buffer> me = api.get("/api/v1/users/me", patient.getString("accessToken"));

    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ?", id) - byActor).isEqualTo(1);
    assertThat(Accounts.count(aboutQuery, id) - aboutPatient).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND patient_id = ? AND action = 'user.read'"
        + " AND outcome = 'success' AND actor_role = 'patient' AND resource_type = 'user' AND resource_id = ? AND request_id = ?",
        id, id, id.toString(), me.getHeader("X-Request-Id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("when the audit insert fails the read is a 503 SERVICE_UNAVAILABLE (no SQL leaked, nothing half-written); once it works again, 200")
  void failingAuditWriteIs503ThenRecovers() {
    JsonObject patient = api.registerPatient("Blocked Reader");
    UUID id = UUID.fromString(patient.getJsonObject("user").getString("id"));
    String token = patient.getString("accessToken");
    assertThat(api.get("/api/v1/users/me", token).statusCode()).as("before the block").isEqualTo(200);
    long before = reads(id);

    Accounts.update(BLOCK);
    HttpResponse<Buffer> blocked;
    try {
      blocked = api.get("/api/v1/users/me", token);
    } finally {
      Accounts.update(UNBLOCK);
    }

    assertThat(blocked.statusCode()).isEqualTo(503);
    assertThat(blocked.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(blocked.getHeader("Retry-After")).isNotBlank();
    assertThat(blocked.bodyAsString()).doesNotContain("audit_block").doesNotContainIgnoringCase("constraint")
        .doesNotContain("\"email\"");
    assertThat(reads(id)).as("no user.read row was committed").isEqualTo(before);
    assertThat(api.get("/api/v1/users/me", token).statusCode()).as("after the block is lifted").isEqualTo(200);
    assertThat(reads(id)).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("concurrent reads batched together by the group-commit writer all fail with 503 when their batch fails; none answers 200")
  void failingBatchFailsEveryWaitingRead() {
    List<String> tokens = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject patient = api.registerPatient("Batched Reader " + i);
      ids.add(UUID.fromString(patient.getJsonObject("user").getString("id")));
      tokens.add(patient.getString("accessToken"));
    }
    long before = Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.read'");

    Accounts.update(BLOCK);
    List<Integer> statuses = new ArrayList<>();
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(api.request(HttpMethod.GET, "/api/v1/users/me").putHeader("Authorization", "Bearer " + tokens.get(i % 3)).send());
      }
      ApiClient.await(Future.join(calls));
      calls.forEach(c -> statuses.add(c.result().statusCode()));
    } finally {
      Accounts.update(UNBLOCK);
    }

    assertThat(statuses).hasSize(12).containsOnly(503);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.read'")).isEqualTo(before);
    for (String token : tokens) {
      assertThat(api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
    }
  }
}
