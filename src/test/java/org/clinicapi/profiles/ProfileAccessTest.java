package org.clinicapi.profiles;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;

@ExtendWith(VertxExtension.class)
@DisplayName("Patient profiles: ETag before the first write, who reads and writes which view, audit events")
class ProfileAccessTest {
  private static TestServer server;
  private static ApiClient api;
  private static ProfileCalls calls;
  private static UUID clinic;
  private static UUID elsewhere;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    calls = new ProfileCalls(api);
    clinic = Accounts.location("Profiles Clinic");
    elsewhere = Accounts.location("Profiles Elsewhere");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A patient with a (completed) appointment at the clinic: {email, id, token}. */
  private static JsonObject patientOfClinic() {
    String email = Visits.patient();
    UUID id = Accounts.idOf(email);
    UUID provider = Accounts.idOf(Visits.provider(clinic));
    Visits.appointment(id, provider, clinic, "completed");
    return new JsonObject().put("id", id.toString()).put("token", Visits.token(api, email));
  }

  private static String staff(Role role, UUID... locations) {
    return Visits.token(api, Accounts.user(role, locations));
  }

  @Test
  @DisplayName("before the first write: 200 with empty fields and ETag \"0\"; the write with If-Match \"0\" makes version 1")
  void emptyProfileHasETagBeforeFirstWrite() {
    JsonObject patient = patientOfClinic();
    HttpResponse<Buffer> empty = calls.get("/users/me/profile", patient.getString("token"));
    JsonObject data = data(empty, 200);
    assertThat(empty.getHeader("ETag")).isEqualTo("\"0\"");
    assertThat(empty.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(data.getString("dateOfBirth")).isNull();
    assertThat(data.getJsonObject("address")).isNull();
    assertThat(data.getJsonArray("allergies")).isEmpty();
    assertThat(data.getJsonArray("conditions")).isEmpty();
    assertThat(data.getInteger("version")).isZero();
    assertThat(ProfileCalls.auditsAbout(empty, "profile.read", UUID.fromString(patient.getString("id")))).isOne();

    HttpResponse<Buffer> written = calls.put("/users/me/profile", patient.getString("token"), "\"0\"", ProfileCalls.fullBody());
    assertThat(data(written, 200).getJsonArray("allergies").getString(0)).isEqualTo("penicillin");
    assertThat(written.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(ProfileCalls.auditsAbout(written, "profile.update", UUID.fromString(patient.getString("id")))).isOne();

    HttpResponse<Buffer> read = calls.get("/users/me/profile", patient.getString("token"));
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject profile = data(read, 200);
    assertThat(profile.getString("preferredLanguage")).isEqualTo("es-MX");
    assertThat(profile.getJsonObject("address").getString("country")).isEqualTo("US");
    assertThat(profile.getJsonObject("insurance").getString("memberId")).isEqualTo("XJ-4471-ZZ");
    assertThat(profile.getString("view")).isEqualTo("full");
  }

  @Test
  @DisplayName("PUT /users/profile is the alias; PUT replaces (a field left out is cleared); a stale If-Match is 412, none is 428")
  void aliasReplacesAndPreconditions() {
    JsonObject patient = patientOfClinic();
    String token = patient.getString("token");
    data(calls.put("/users/profile", token, "\"0\"", ProfileCalls.fullBody()), 200);
    HttpResponse<Buffer> replaced = calls.put("/users/profile", token, "\"1\"", new JsonObject().put("sex", "other"));
    JsonObject data = data(replaced, 200);
    assertThat(data.getString("sex")).isEqualTo("other");
    assertThat(data.getJsonArray("allergies")).isEmpty();
    assertThat(data.getJsonObject("insurance")).isNull();

    HttpResponse<Buffer> stale = calls.put("/users/me/profile", token, "\"1\"", ProfileCalls.fullBody());
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(errorCode(stale)).isEqualTo("PRECONDITION_FAILED");
    assertThat(ProfileCalls.audits(stale, "profile.update", "failure")).isOne();
    HttpResponse<Buffer> missing = calls.put("/users/me/profile", token, null, ProfileCalls.fullBody());
    assertThat(missing.statusCode()).isEqualTo(428);
    assertThat(errorCode(missing)).isEqualTo("PRECONDITION_REQUIRED");
    assertThat(calls.put("/users/me/profile", token, "*", ProfileCalls.fullBody()).statusCode()).isEqualTo(412);
    assertThat(calls.put("/users/me/profile", token, "W/\"2\"", ProfileCalls.fullBody()).statusCode()).isEqualTo(412);
    assertThat(calls.get("/users/me/profile", token).getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  @DisplayName("a patient reads their own profile by id too, and gets 404 (audited as denied) for another patient's")
  void patientOwnAndOther() {
    JsonObject patient = patientOfClinic();
    JsonObject other = patientOfClinic();
    String token = patient.getString("token");
    assertThat(calls.get("/users/" + patient.getString("id") + "/profile", token).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> theirs = calls.get("/users/" + other.getString("id") + "/profile", token);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(ProfileCalls.audits(theirs, "profile.read", "denied")).isOne();
    HttpResponse<Buffer> write = calls.put("/users/" + other.getString("id") + "/profile", token, "\"0\"", ProfileCalls.fullBody());
    assertThat(write.statusCode()).isEqualTo(404);
    assertThat(ProfileCalls.audits(write, "profile.update", "denied")).isOne();
  }

  @Test
  @DisplayName("staff of the patient's location with records:read/write read and write (nurse, provider); elsewhere 404; superadmin everywhere")
  void staffByLocation() {
    JsonObject patient = patientOfClinic();
    String path = "/users/" + patient.getString("id") + "/profile";
    HttpResponse<Buffer> nurseWrites = calls.put(path, staff(Role.NURSE, clinic), "\"0\"", ProfileCalls.fullBody());
    assertThat(nurseWrites.statusCode()).isEqualTo(200);
    assertThat(ProfileCalls.auditsAbout(nurseWrites, "profile.update", UUID.fromString(patient.getString("id")))).isOne();

    HttpResponse<Buffer> providerReads = calls.get(path, staff(Role.PROVIDER, clinic));
    assertThat(data(providerReads, 200).getJsonArray("medications").getString(0)).isEqualTo("lisinopril 10 mg");
    assertThat(calls.put(path, staff(Role.PROVIDER, clinic), providerReads.getHeader("ETag"), ProfileCalls.fullBody()).statusCode())
        .isEqualTo(200);

    HttpResponse<Buffer> outsider = calls.get(path, staff(Role.NURSE, elsewhere));
    assertThat(outsider.statusCode()).isEqualTo(404);
    assertThat(ProfileCalls.audits(outsider, "profile.read", "denied")).isOne();
    assertThat(calls.put(path, staff(Role.NURSE, elsewhere), "\"2\"", ProfileCalls.fullBody()).statusCode()).isEqualTo(404);
    assertThat(data(calls.get(path, staff(Role.SUPERADMIN)), 200).getString("view")).isEqualTo("full");
    assertThat(calls.get("/users/" + UUID.randomUUID() + "/profile", staff(Role.SUPERADMIN)).statusCode()).isEqualTo(404);
    // A staff member is not a patient: no profile of their own, and none by their id.
    String nurse = staff(Role.NURSE, clinic);
    assertThat(calls.get("/users/me/profile", nurse).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("billing reads only demographics and insurance and cannot write; a manager reads all but cannot write")
  void billingAndManagerViews() {
    JsonObject patient = patientOfClinic();
    String path = "/users/" + patient.getString("id") + "/profile";
    data(calls.put("/users/me/profile", patient.getString("token"), "\"0\"", ProfileCalls.fullBody()), 200);

    HttpResponse<Buffer> billingRead = calls.get(path, staff(Role.BILLING, clinic));
    JsonObject billing = data(billingRead, 200);
    assertThat(billing.getString("view")).isEqualTo("billing");
    assertThat(billing.getString("dateOfBirth")).isEqualTo("1980-04-23");
    assertThat(billing.getJsonObject("insurance").getString("memberId")).isEqualTo("XJ-4471-ZZ");
    assertThat(billing.getJsonObject("address").getString("city")).isEqualTo("Detroit");
    assertThat(billing.fieldNames()).doesNotContain("allergies", "medications", "conditions", "emergencyContact");
    assertThat(billingRead.bodyAsString()).doesNotContain("penicillin", "hypertension", "lisinopril");
    assertThat(ProfileCalls.audits(billingRead, "profile.read", "success")).isOne();
    HttpResponse<Buffer> billingWrite = calls.put(path, staff(Role.BILLING, clinic), "\"1\"", ProfileCalls.fullBody());
    assertThat(billingWrite.statusCode()).isEqualTo(403);
    assertThat(ProfileCalls.audits(billingWrite, "profile.update", "denied")).isOne();
    assertThat(calls.get(path, staff(Role.BILLING, elsewhere)).statusCode()).isEqualTo(404);

    String manager = staff(Role.MANAGER, clinic);
    assertThat(data(calls.get(path, manager), 200).getJsonArray("conditions").getString(0)).isEqualTo("hypertension");
    assertThat(calls.put(path, manager, "\"1\"", ProfileCalls.fullBody()).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("a patient belongs to a location through any non-held appointment, cancelled ones too")
  void cancelledAppointmentCounts() {
    String email = Visits.patient();
    UUID id = Accounts.idOf(email);
    UUID provider = Accounts.idOf(Visits.provider(elsewhere));
    String nurse = staff(Role.NURSE, elsewhere);
    assertThat(calls.get("/users/" + id + "/profile", nurse).statusCode()).isEqualTo(404);
    Visits.appointment(id, provider, elsewhere, "cancelled");
    assertThat(calls.get("/users/" + id + "/profile", nurse).statusCode()).isEqualTo(200);
  }
}
