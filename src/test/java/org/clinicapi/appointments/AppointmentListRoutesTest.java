package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /appointments: who sees which appointments, the audit event of each list, and 400s naming every bad parameter")
class AppointmentListRoutesTest {
  private static final Instant BASE = Instant.parse("2027-03-01T15:00:00Z");
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

  private static String token(UUID userId) {
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", userId);
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static String staff(Role role, UUID... locations) {
    return token(Accounts.idOf(Accounts.user(role, locations)));
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static long auditEvents(HttpResponse<Buffer> response) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", response.getHeader("X-Request-Id"));
  }

  @Test
  @DisplayName("a patient lists only their own appointments (never holds), and asking for another patient is a 404 audited as denied against that patient")
  void patientSeesOwnOnly() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Own Only Clinic");
    UUID me = AppointmentRows.patient("Ada Own");
    UUID other = AppointmentRows.patient("Bob Other");
    UUID mine = AppointmentRows.insert(clinic, me, BASE, "scheduled", "Check-up");
    UUID mineCancelled = AppointmentRows.insert(clinic, me, BASE.plus(1, ChronoUnit.HOURS), "cancelled", "Flu shot");
    AppointmentRows.insert(clinic, me, BASE.plus(2, ChronoUnit.HOURS), "held", null);
    AppointmentRows.insert(clinic, other, BASE.plus(3, ChronoUnit.HOURS), "scheduled", "Other's visit");
    String patient = token(me);

    assertThat(ids(api.get("/api/v1/appointments", patient))).containsExactly(mine.toString(), mineCancelled.toString());
    assertThat(ids(api.get("/api/v1/appointments?patientId=" + me, patient))).containsExactly(mine.toString(), mineCancelled.toString());

    HttpResponse<Buffer> refused = api.get("/api/v1/appointments?patientId=" + other, patient);
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND actor_id = ? AND patient_id = ?"
        + " AND action = 'appointment.list' AND outcome = 'denied'", refused.getHeader("X-Request-Id"), me, other)).isEqualTo(1);
  }

  @Test
  @DisplayName("the list shows the contract's fields in UTC, the location's zone, and the cancellation and override details")
  void appointmentShape() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Shape Clinic");
    UUID me = AppointmentRows.patient("Cleo Shape");
    UUID cancelled = AppointmentRows.insert(clinic, me, BASE, "cancelled", "Dentist");
    UUID overridden = AppointmentRows.insert(clinic, me, BASE.plus(1, ChronoUnit.DAYS), "confirmed", "Urgent");
    UUID manager = Accounts.idOf(Accounts.user(Role.MANAGER, clinic.location()));
    Accounts.update("UPDATE appointments SET override_reason = 'Emergency', override_by = ? WHERE id = ?", manager, overridden);

    JsonArray data = api.get("/api/v1/appointments", token(me)).bodyAsJsonObject().getJsonArray("data");
    JsonObject first = data.getJsonObject(0);
    assertThat(first.getString("id")).isEqualTo(cancelled.toString());
    assertThat(first.fieldNames()).contains("id", "patientId", "providerId", "locationId", "startsAt", "endsAt", "status", "reason",
        "notes", "createdAt", "updatedAt", "timeZone", "cancellation").doesNotContain("override");
    assertThat(first.getString("startsAt")).isEqualTo("2027-03-01T15:00:00Z");
    assertThat(first.getString("endsAt")).isEqualTo("2027-03-01T15:30:00Z");
    assertThat(first.getString("timeZone")).isEqualTo("America/Detroit");
    assertThat(first.getString("providerId")).isEqualTo(clinic.provider().toString());
    assertThat(first.getJsonObject("cancellation").getString("by")).isEqualTo(me.toString());
    assertThat(first.getJsonObject("cancellation").getString("reason")).isEqualTo("Feeling better");
    JsonObject second = data.getJsonObject(1);
    assertThat(second.getJsonObject("override")).isEqualTo(new JsonObject().put("reason", "Emergency").put("by", manager.toString()));
    assertThat(second.containsKey("cancellation")).isFalse();
  }

  @Test
  @DisplayName("staff see their locations only: another location's rows never appear, asking for it is a 404 audited as denied; superadmin sees all; no permission is a 403")
  void staffScopedToTheirLocations() {
    AppointmentRows.Clinic a = AppointmentRows.clinic("Scope Clinic A");
    AppointmentRows.Clinic b = AppointmentRows.clinic("Scope Clinic B");
    UUID patient = AppointmentRows.patient("Dee Scope");
    UUID atA = AppointmentRows.insert(a, patient, BASE, "scheduled", "Check-up");
    UUID nurseB = Accounts.idOf(Accounts.user(Role.NURSE, b.location()));
    String nurse = token(nurseB);

    assertThat(ids(api.get("/api/v1/appointments?limit=100", nurse))).doesNotContain(atA.toString());
    assertThat(ids(api.get("/api/v1/appointments?patientId=" + patient, nurse))).isEmpty();
    HttpResponse<Buffer> refused = api.get("/api/v1/appointments?locationId=" + a.location(), nurse);
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND actor_id = ? AND outcome = 'denied'",
        refused.getHeader("X-Request-Id"), nurseB)).isEqualTo(1);

    assertThat(ids(api.get("/api/v1/appointments?locationId=" + a.location(), staff(Role.BILLING, a.location()))))
        .containsExactly(atA.toString());
    assertThat(ids(api.get("/api/v1/appointments?locationId=" + a.location(), staff(Role.SUPERADMIN)))).containsExactly(atA.toString());
    HttpResponse<Buffer> noRole = api.get("/api/v1/appointments", staff(Role.USER));
    assertThat(noRole.statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/appointments", null).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("every answered list is exactly one audit event that names the patients it returned")
  void oneAuditEventPerList() {
    AppointmentRows.Clinic clinic = AppointmentRows.clinic("Audit Clinic");
    UUID first = AppointmentRows.patient("Eve Audit");
    UUID second = AppointmentRows.patient("Fay Audit");
    AppointmentRows.insert(clinic, first, BASE, "scheduled", "One");
    AppointmentRows.insert(clinic, second, BASE.plus(1, ChronoUnit.HOURS), "scheduled", "Two");
    AppointmentRows.insert(clinic, first, BASE.plus(2, ChronoUnit.HOURS), "confirmed", "Three");
    String nurse = staff(Role.NURSE, clinic.location());

    HttpResponse<Buffer> all = api.get("/api/v1/appointments", nurse);
    assertThat(ids(all)).hasSize(3);
    assertThat(auditEvents(all)).isEqualTo(1);
    assertThat(Accounts.value("SELECT resource_id FROM audit_events WHERE request_id = ?", all.getHeader("X-Request-Id")))
        .isEqualTo(first + "," + second);
    assertThat(Accounts.value("SELECT patient_id FROM audit_events WHERE request_id = ?", all.getHeader("X-Request-Id"))).isNull();

    HttpResponse<Buffer> one = api.get("/api/v1/appointments?patientId=" + second, nurse);
    assertThat(auditEvents(one)).isEqualTo(1);
    assertThat(Accounts.value("SELECT patient_id FROM audit_events WHERE request_id = ? AND action = 'appointment.list'"
        + " AND resource_type = 'appointment_list' AND outcome = 'success'", one.getHeader("X-Request-Id"))).isEqualTo(second);

    HttpResponse<Buffer> own = api.get("/api/v1/appointments?limit=25", token(first));
    assertThat(ids(own)).hasSize(2);
    assertThat(auditEvents(own)).isEqualTo(1);
    assertThat(Accounts.value("SELECT patient_id FROM audit_events WHERE request_id = ?", own.getHeader("X-Request-Id"))).isEqualTo(first);
    HttpResponse<Buffer> paged = api.get("/api/v1/appointments?page=1&limit=2", nurse);
    assertThat(auditEvents(paged)).isEqualTo(1);
  }

  @Test
  @DisplayName("bad parameters are one 400 naming each of them")
  void badParametersNamedAtOnce() {
    UUID me = AppointmentRows.patient("Gus Params");
    HttpResponse<Buffer> response = api.get("/api/v1/appointments?status=scheduled,held&providerId=nope&locationId=1&patientId=x"
        + "&from=yesterday&to=2027-01-01&search=" + "s".repeat(101) + "&sort=name&limit=0&cursor=%21%21", token(me));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("VALIDATION_ERROR");
    assertThat(error.getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")).distinct())
        .containsExactlyInAnyOrder("status", "providerId", "locationId", "patientId", "from", "to", "search", "sort", "limit");

    assertThat(fields(api.get("/api/v1/appointments?cursor=%21%21&page=0", token(me)))).containsExactlyInAnyOrder("cursor", "page");
    assertThat(fields(api.get("/api/v1/appointments?from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z&page=1001", token(me))))
        .containsExactlyInAnyOrder("to", "page");
    assertThat(fields(api.get("/api/v1/appointments?sort=-startsAt&status=", token(me)))).containsExactly("status");
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }
}
