package org.clinicapi.consultations;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Consultations: who sees them and their clinical notes, and one audit event per request")
class ConsultationsRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID providerId;
  private static UUID patientId;
  private static String provider;
  private static String otherProvider;
  private static String patient;
  private static String otherPatient;
  private static String manager;
  private static String managerElsewhere;
  private static String nurse;
  private static String billing;
  private static String pharmacyTech;
  private static String superadmin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Consultations Clinic");
    UUID elsewhere = Accounts.location("Consultations Elsewhere");
    String providerEmail = Visits.provider(clinic);
    providerId = Accounts.idOf(providerEmail);
    String patientEmail = Visits.patient();
    patientId = Accounts.idOf(patientEmail);
    provider = token(providerEmail);
    otherProvider = token(Visits.provider(clinic));
    patient = token(patientEmail);
    otherPatient = token(Visits.patient());
    manager = token(Accounts.user(Role.MANAGER, clinic));
    managerElsewhere = token(Accounts.user(Role.MANAGER, elsewhere));
    nurse = token(Accounts.user(Role.NURSE, clinic));
    billing = token(Accounts.user(Role.BILLING, clinic));
    pharmacyTech = token(Accounts.user(Role.PHARMACY_TECH, clinic));
    superadmin = token(Accounts.user(Role.SUPERADMIN));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String token(String email) {
    return Visits.token(api, email);
  }

  static HttpResponse<Buffer> create(String token, UUID appointment, String mode, String videoUrl) {
    JsonObject body = new JsonObject().put("appointmentId", appointment.toString()).put("mode", mode);
    if (videoUrl != null) {
      body.put("videoUrl", videoUrl);
    }
    return api.post("/api/v1/consultations", token, body);
  }

  static HttpResponse<Buffer> patch(String token, String id, JsonObject body) {
    return api.call(HttpMethod.PATCH, "/api/v1/consultations/" + id, token, body);
  }

  /** A consultation (in person, scheduled) of a fresh appointment in the given status, created by the manager. */
  static String consultation(String appointmentStatus) {
    UUID appointment = Visits.appointment(patientId, providerId, clinic, appointmentStatus);
    HttpResponse<Buffer> created = create(manager, appointment, "in_person", null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return data(created).getString("id");
  }

  static JsonObject data(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  static long audits(HttpResponse<Buffer> response) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", response.getHeader("X-Request-Id"));
  }

  static long audits(HttpResponse<Buffer> response, String outcome) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND outcome = ?",
        response.getHeader("X-Request-Id"), outcome);
  }

  static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  static List<String> ids(HttpResponse<Buffer> response) {
    JsonArray items = response.bodyAsJsonObject().getJsonArray("data");
    return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  @DisplayName("clinical notes reach the provider, the patient and records:read staff, never billing; other patients and other locations get 404")
  void visibilityMatrix() {
    String id = consultation("scheduled");
    HttpResponse<Buffer> written = patch(provider, id, new JsonObject().put("clinicalNotes", "Mild hypertension."));
    assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(200);
    String path = "/api/v1/consultations/" + id;

    for (String reader : List.of(provider, patient, nurse, manager, superadmin)) {
      HttpResponse<Buffer> read = api.get(path, reader);
      assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
      assertThat(data(read).getString("clinicalNotes")).isEqualTo("Mild hypertension.");
      assertThat(audits(read, "success")).isEqualTo(1);
      assertThat(audits(read)).isEqualTo(1);
    }
    HttpResponse<Buffer> billed = api.get(path, billing);
    assertThat(billed.statusCode()).as(billed.bodyAsString()).isEqualTo(200);
    assertThat(data(billed).containsKey("clinicalNotes")).isFalse();
    assertThat(billed.bodyAsString()).doesNotContain("hypertension");
    assertThat(data(billed).getString("patientId")).isEqualTo(patientId.toString());

    for (String stranger : List.of(otherPatient, managerElsewhere)) {
      HttpResponse<Buffer> hidden = api.get(path, stranger);
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(hidden.bodyAsString()).doesNotContain(patientId.toString());
      assertThat(audits(hidden, "denied")).as("a hidden consultation is audited as denied").isEqualTo(1);
      assertThat(audits(hidden)).isEqualTo(1);
    }
    HttpResponse<Buffer> noPermission = api.get(path, pharmacyTech);
    assertThat(noPermission.statusCode()).isEqualTo(403);
    assertThat(audits(noPermission, "denied")).isEqualTo(1);
  }

  @Test
  @DisplayName("lists are scoped like appointments, billing's list has no notes, filters and the keyset cursor page without gaps")
  void listScopeAndPaging() {
    String first = consultation("scheduled");
    String second = consultation("confirmed");
    String third = consultation("checked_in");
    patch(provider, third, new JsonObject().put("clinicalNotes", "Private words."));

    HttpResponse<Buffer> mine = api.get("/api/v1/consultations?patientId=" + patientId + "&limit=2", patient);
    HttpResponse<Buffer> next = api.get("/api/v1/consultations?patientId=" + patientId + "&limit=2&cursor="
        + mine.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor"), patient);
    HttpResponse<Buffer> billed = api.get("/api/v1/consultations?providerId=" + providerId + "&limit=100", billing);
    HttpResponse<Buffer> stranger = api.get("/api/v1/consultations?limit=100", otherPatient);
    HttpResponse<Buffer> elsewhere = api.get("/api/v1/consultations?limit=100", managerElsewhere);
    HttpResponse<Buffer> bad = api.get("/api/v1/consultations?status=done&mode=phone&providerId=x&sort=name&limit=0", manager);

    assertThat(mine.statusCode()).as(mine.bodyAsString()).isEqualTo(200);
    assertThat(ids(mine)).containsExactly(third, second);
    assertThat(ids(next)).startsWith(first).doesNotContain(third, second);
    assertThat(audits(mine)).isEqualTo(1);
    assertThat(ids(billed)).contains(first, second, third);
    assertThat(billed.bodyAsString()).doesNotContain("clinicalNotes").doesNotContain("Private words.");
    assertThat(ids(stranger)).isEmpty();
    assertThat(ids(elsewhere)).isEmpty();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("status", "mode", "providerId", "sort", "limit");
  }

  @Test
  @DisplayName("clinical notes are written only by the consultation's own provider: manager, superadmin and another provider get 403")
  void notesOnlyByOwnProvider() {
    String id = consultation("scheduled");
    JsonObject notes = new JsonObject().put("clinicalNotes", "Written by someone else.");

    for (String writer : List.of(manager, superadmin, otherProvider)) {
      HttpResponse<Buffer> refused = patch(writer, id, notes);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
      assertThat(audits(refused, "denied")).isEqualTo(1);
    }
    HttpResponse<Buffer> nurseTry = patch(nurse, id, notes);
    HttpResponse<Buffer> own = patch(provider, id, new JsonObject().put("clinicalNotes", "By the provider."));

    assertThat(nurseTry.statusCode()).as("no consultations:write").isEqualTo(403);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(data(own).getString("clinicalNotes")).isEqualTo("By the provider.");
    assertThat(audits(own, "success")).isEqualTo(1);
    assertThat(Accounts.value("SELECT clinical_notes FROM consultations WHERE id = ?::uuid", id)).isEqualTo("By the provider.");
  }

  @Test
  @DisplayName("creating needs consultations:write at the appointment's location, a live appointment, valid fields, and one per appointment")
  void createRules() {
    UUID appointment = Visits.appointment(patientId, providerId, clinic, "scheduled");

    HttpResponse<Buffer> invalid = api.post("/api/v1/consultations", manager,
        new JsonObject().put("appointmentId", "not-a-uuid").put("mode", "phone"));
    HttpResponse<Buffer> missing = api.post("/api/v1/consultations", manager, new JsonObject().put("mode", "in_person"));
    HttpResponse<Buffer> noUrl = create(manager, appointment, "video", null);
    HttpResponse<Buffer> httpUrl = create(manager, appointment, "video", "http://video.example.com/room");
    HttpResponse<Buffer> urlInPerson = create(manager, appointment, "in_person", "https://video.example.com/room");
    HttpResponse<Buffer> byNurse = create(nurse, appointment, "in_person", null);
    HttpResponse<Buffer> elsewhere = create(managerElsewhere, appointment, "in_person", null);
    HttpResponse<Buffer> video = create(provider, appointment, "video", "https://video.example.com/room/42");
    HttpResponse<Buffer> again = create(manager, appointment, "in_person", null);
    HttpResponse<Buffer> fromCompleted = create(manager, Visits.appointment(patientId, providerId, clinic, "completed"), "in_person", null);
    HttpResponse<Buffer> fromCancelled = create(manager, Visits.appointment(patientId, providerId, clinic, "cancelled"), "in_person", null);

    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(fields(invalid)).containsExactlyInAnyOrder("appointmentId", "mode");
    assertThat(fields(missing)).containsExactly("appointmentId");
    assertThat(fields(noUrl)).containsExactly("videoUrl");
    assertThat(fields(httpUrl)).containsExactly("videoUrl");
    assertThat(fields(urlInPerson)).containsExactly("videoUrl");
    assertThat(byNurse.statusCode()).isEqualTo(403);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(audits(elsewhere, "denied")).isEqualTo(1);
    assertThat(video.statusCode()).as(video.bodyAsString()).isEqualTo(201);
    assertThat(data(video).getString("status")).isEqualTo("scheduled");
    assertThat(data(video).getString("videoUrl")).isEqualTo("https://video.example.com/room/42");
    assertThat(data(video).getString("appointmentId")).isEqualTo(appointment.toString());
    assertThat(audits(video, "success")).isEqualTo(1);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("CONFLICT");
    assertThat(fromCompleted.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("INVALID_STATE");
    assertThat(fromCancelled.statusCode()).isEqualTo(409);
    assertThat(Accounts.count("SELECT count(*) FROM consultations WHERE appointment_id = ?", appointment)).isEqualTo(1);
  }

  @Test
  @DisplayName("the database refuses a consultation whose patient, provider or location differ from its appointment's")
  void compositeKeyKeepsVisitConsistent() {
    UUID appointment = Visits.appointment(patientId, providerId, clinic, "scheduled");
    UUID stranger = Accounts.idOf(Visits.patient());

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Accounts.update("""
        INSERT INTO consultations (appointment_id, patient_id, provider_id, location_id, mode, created_by)
        VALUES (?, ?, ?, ?, 'in_person', ?)
        """, appointment, stranger, providerId, clinic, providerId))).isNotNull();
  }
}
