package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("Who sees and changes an appointment: role × endpoint × location, 404 plus a denied audit row, one audit event per read")
class AppointmentAccessTest {
  private static final List<Role> STAFF = List.of(Role.MANAGER, Role.PROVIDER, Role.NURSE, Role.MEDICAL_ASSISTANT, Role.PHARMACY_TECH,
      Role.BILLING);
  private static final List<Role> WRITERS = List.of(Role.MANAGER, Role.PROVIDER, Role.NURSE, Role.MEDICAL_ASSISTANT);

  private static TestServer server;
  private static ApiClient api;
  private static Clinic clinic;
  private static UUID otherLocation;
  private static JsonObject alice;
  private static JsonObject bob;
  private static String appointmentId;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Clinic.create("Access");
    otherLocation = Accounts.location("Access Elsewhere");
    alice = Clinic.patient(api, "Access Alice");
    bob = Clinic.patient(api, "Access Bob");
    appointmentId = data(api.post("/api/v1/appointments", alice.getString("token"), clinic.booking(hoursAhead(100))), 201).getString("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String path() {
    return "/api/v1/appointments/" + appointmentId;
  }

  @Test
  @DisplayName("GET and PATCH: staff of the location (write: only with appointments:write), the owner, superadmin; others 404")
  void roleEndpointLocationMatrix() {
    List<String> mismatches = new ArrayList<>();
    for (Role role : STAFF) {
      String here = Clinic.staffToken(api, role, clinic.location());
      String there = Clinic.staffToken(api, role, otherLocation);
      expect(mismatches, role + " here GET", api.get(path(), here), 200);
      expect(mismatches, role + " elsewhere GET", api.get(path(), there), 404);
      expect(mismatches, role + " here PATCH", patchNotes(here), WRITERS.contains(role) ? 200 : 403);
      expect(mismatches, role + " elsewhere PATCH", patchNotes(there), 404);
      expect(mismatches, role + " here confirm", api.post(path() + "/no-show", here, new JsonObject()),
          WRITERS.contains(role) ? 409 : 403);
    }
    String superadmin = Clinic.staffToken(api, Role.SUPERADMIN);
    String user = Clinic.staffToken(api, Role.USER, clinic.location());
    expect(mismatches, "superadmin GET", api.get(path(), superadmin), 200);
    expect(mismatches, "user GET", api.get(path(), user), 404);
    expect(mismatches, "user PATCH", patchNotes(user), 404);
    expect(mismatches, "owner GET", api.get(path(), alice.getString("token")), 200);
    expect(mismatches, "owner PATCH", patchNotes(alice.getString("token")), 200);
    expect(mismatches, "owner confirm", api.post(path() + "/confirm", alice.getString("token"), new JsonObject()), 403);
    expect(mismatches, "other patient GET", api.get(path(), bob.getString("token")), 404);
    expect(mismatches, "other patient PATCH", patchNotes(bob.getString("token")), 404);
    expect(mismatches, "other patient cancel", api.post(path() + "/cancel", bob.getString("token"), new JsonObject()), 404);
    expect(mismatches, "no token", api.get(path(), null), 401);
    assertThat(mismatches).isEmpty();
    assertThat(Accounts.value("SELECT status FROM appointments WHERE id = ?::uuid", appointmentId)).isEqualTo("scheduled");
  }

  private static HttpResponse<Buffer> patchNotes(String token) {
    return api.call(HttpMethod.PATCH, path(), token, new JsonObject().put("notes", "bring the referral"));
  }

  private static void expect(List<String> mismatches, String label, HttpResponse<Buffer> response, int status) {
    if (response.statusCode() != status) {
      mismatches.add(label + ": " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  @Test
  @DisplayName("patient B reading patient A's appointment gets the same 404 as a missing id, and a denied audit row is written")
  void otherPatientGets404AndIsAudited() {
    HttpResponse<Buffer> theirs = api.get(path(), bob.getString("token"));
    HttpResponse<Buffer> missing = api.get("/api/v1/appointments/" + UUID.randomUUID(), bob.getString("token"));
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(theirs.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo(missing.bodyAsJsonObject().getJsonObject("error").getString("message"));
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND actor_id = ?::uuid AND action = 'appointment.read'"
        + " AND resource_id = ? AND outcome = 'denied'", theirs.getHeader("X-Request-Id"), bob.getString("id"), appointmentId)).isEqualTo(1);
  }

  @Test
  @DisplayName("each GET records exactly one audit event, with the patient as its subject")
  void oneAuditEventPerRead() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> response = api.get(path(), alice.getString("token"));
      assertThat(response.statusCode()).isEqualTo(200);
      String requestId = response.getHeader("X-Request-Id");
      assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", requestId)).isEqualTo(1);
      assertThat(Accounts.value("SELECT patient_id::text FROM audit_events WHERE request_id = ? AND action = 'appointment.read'"
          + " AND outcome = 'success'", requestId)).isEqualTo(alice.getString("id"));
    }
  }
}
