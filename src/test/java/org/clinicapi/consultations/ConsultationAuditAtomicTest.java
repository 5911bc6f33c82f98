package org.clinicapi.consultations;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
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
 * Issue 10 item 5: a consultation write and its audit event commit together or not at all. The fault is
 * real: a trigger makes PostgreSQL refuse the audit rows of one patient, as a failing audit insert would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A consultation write and its audit event commit together or not at all")
class ConsultationAuditAtomicTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID providerId;
  private static String provider;
  private static String manager;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Consultations Atomic Clinic");
    String providerEmail = Visits.provider(clinic);
    providerId = Accounts.idOf(providerEmail);
    provider = Visits.token(api, providerEmail);
    manager = Visits.token(api, Accounts.user(Role.MANAGER, clinic));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> create(UUID appointment) {
    return api.post("/api/v1/consultations", manager,
        new JsonObject().put("appointmentId", appointment.toString()).put("mode", "in_person"));
  }

  private static long audits(String action, String id, UUID patient) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE action = ? AND resource_type = 'consultation' "
        + "AND resource_id = ? AND patient_id = ? AND outcome = 'success'", action, id, patient);
  }

  @Test
  @DisplayName("audit insert refused: no consultation, a 5xx; once the fault is gone it is created with its event")
  void creationWithoutItsAuditEventIsNotKept() {
    UUID patient = Accounts.idOf(Visits.patient());
    UUID appointment = Visits.appointment(patient, providerId, clinic, "checked_in");
    AuditRefusal.patient(patient);
    try {
      HttpResponse<Buffer> refused = create(appointment);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM consultations WHERE appointment_id = ?", appointment)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> created = create(appointment);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getJsonObject("data").getString("id");
    assertThat(Accounts.count("SELECT count(*) FROM consultations WHERE appointment_id = ?", appointment)).isEqualTo(1);
    assertThat(audits("consultation.create", id, patient)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: a PATCH is not applied, and succeeds with its event once the fault is gone")
  void changeWithoutItsAuditEventIsNotApplied() {
    UUID patient = Accounts.idOf(Visits.patient());
    HttpResponse<Buffer> created = create(Visits.appointment(patient, providerId, clinic, "checked_in"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getJsonObject("data").getString("id");
    JsonObject notes = new JsonObject().put("clinicalNotes", "Written with its audit event.");
    AuditRefusal.patient(patient);
    try {
      HttpResponse<Buffer> refused = api.call(HttpMethod.PATCH, "/api/v1/consultations/" + id, provider, notes);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.value("SELECT clinical_notes FROM consultations WHERE id = ?::uuid", id)).isNull();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> changed = api.call(HttpMethod.PATCH, "/api/v1/consultations/" + id, provider, notes);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(Accounts.value("SELECT clinical_notes FROM consultations WHERE id = ?::uuid", id))
        .isEqualTo("Written with its audit event.");
    assertThat(audits("consultation.update", id, patient)).isEqualTo(1);
  }
}
