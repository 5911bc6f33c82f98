package org.clinicapi.reviews;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.AuditRefusal;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 5: a review (with the provider's rating roll-up) and its audit event commit together or not
 * at all. The fault is real: a trigger makes PostgreSQL refuse the audit rows of one patient.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A review and its audit event commit together or not at all")
class ReviewAuditAtomicTest {
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

  @Test
  @DisplayName("audit insert refused: no review and no rating, a 5xx; the retry is reviewed with its event (201, not 409)")
  void reviewWithoutItsAuditEventIsNotKept() {
    UUID clinic = Accounts.location("Reviews Atomic Clinic");
    UUID provider = Accounts.idOf(Visits.provider(clinic));
    String email = Visits.patient();
    UUID patient = Accounts.idOf(email);
    String token = Visits.token(api, email);
    UUID appointment = Visits.appointment(patient, provider, clinic, "completed");
    JsonObject body = new JsonObject().put("rating", 4);
    AuditRefusal.patient(patient);
    try {
      HttpResponse<Buffer> refused = api.post("/api/v1/appointments/" + appointment + "/review", token, body);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM reviews WHERE appointment_id = ?", appointment)).isZero();
      assertThat(Accounts.count("SELECT count(*) FROM reviews WHERE provider_id = ?", provider)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> written = api.post("/api/v1/appointments/" + appointment + "/review", token, body);
    assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(201);
    assertThat(Accounts.count("SELECT count(*) FROM reviews WHERE appointment_id = ?", appointment)).isEqualTo(1);
    String id = (String) Accounts.value("SELECT id::text FROM reviews WHERE appointment_id = ?", appointment);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'review.create' AND resource_type = 'review' "
        + "AND resource_id = ? AND patient_id = ? AND outcome = 'success'", id, patient)).isEqualTo(1);
  }
}
