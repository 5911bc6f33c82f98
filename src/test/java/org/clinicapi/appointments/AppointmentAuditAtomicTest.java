package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.AuditRefusal;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.hoursAhead;

/**
 * Issue 10 item 5: a write and its audit event commit together or not at all. The fault is real: a
 * trigger makes PostgreSQL refuse the audit row of one patient, as a failing audit insert would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("An appointment write and its audit event commit together or not at all")
class AppointmentAuditAtomicTest {
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> book(String token, String key, JsonObject body) {
    return ApiClient.await(api.request(HttpMethod.POST, "/api/v1/appointments").putHeader("Authorization", "Bearer " + token)
        .putHeader("Idempotency-Key", key).sendJsonObject(body));
  }

  @Test
  @DisplayName("audit insert refused: no booking, a 5xx; the retry with the same Idempotency-Key books it (201, not 409)")
  void bookingWithoutItsAuditEventIsNotKept() {
    Clinic clinic = Clinic.create("Atomic");
    JsonObject patient = Clinic.patient(api, "Atomic Patient");
    String id = patient.getString("id");
    JsonObject body = clinic.booking(hoursAhead(110));
    AuditRefusal.patient(id);
    try {
      HttpResponse<Buffer> refused = book(patient.getString("token"), "atomic-1", body);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isZero();
      assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE user_id = ?::uuid AND kind LIKE 'appointment.%'", id)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> retry = book(patient.getString("token"), "atomic-1", body);
    String booked = data(retry, 201).getString("id");
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'appointment.create' AND resource_id = ?",
        booked)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: a cancellation is not applied, and succeeds with its event once the fault is gone")
  void cancellationWithoutItsAuditEventIsNotApplied() {
    Clinic clinic = Clinic.create("Atomic Cancel");
    JsonObject patient = Clinic.patient(api, "Atomic Canceller");
    String token = patient.getString("token");
    String booked = data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(120))), 201).getString("id");
    AuditRefusal.patient(patient.getString("id"));
    try {
      HttpResponse<Buffer> refused = api.post("/api/v1/appointments/" + booked + "/cancel", token, new JsonObject());
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.value("SELECT status FROM appointments WHERE id = ?::uuid", booked)).isEqualTo("scheduled");
    } finally {
      AuditRefusal.lift();
    }
    data(api.post("/api/v1/appointments/" + booked + "/cancel", token, new JsonObject()), 200);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'appointment.cancel' AND resource_id = ?",
        booked)).isEqualTo(1);
  }
}
