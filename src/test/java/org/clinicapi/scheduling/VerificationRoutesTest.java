package org.clinicapi.scheduling;

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
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("Provider credentials and verification: validation, who may do what, audit, and patients booking verified providers only")
class VerificationRoutesTest {
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

  static JsonObject credentials(String license, String region) {
    return new JsonObject().put("licenseNumber", license).put("licenseRegion", region)
        .put("qualifications", new JsonArray().add("MD, University of Michigan").add("Board certified, internal medicine"))
        .put("yearsOfExperience", 12).put("languages", new JsonArray().add("en").add("es-mx"));
  }

  /** A clinic whose provider is not verified (the helper's providers are). */
  private static Clinic unverifiedClinic(String name) {
    Clinic clinic = Clinic.create(name);
    Accounts.update("UPDATE providers SET verified_at = NULL, verified_by = NULL WHERE user_id = ?", clinic.provider());
    return clinic;
  }

  private static String providerToken(Clinic clinic) {
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", clinic.provider());
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static String path(Clinic clinic, String tail) {
    return "/api/v1/providers/" + clinic.provider() + tail;
  }

  private static HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return api.call(HttpMethod.PUT, path, token, body);
  }

  private static HttpResponse<Buffer> verify(Clinic clinic, String token, String note) {
    return api.post(path(clinic, "/verify"), token, new JsonObject().put("note", note));
  }

  private static HttpResponse<Buffer> revoke(Clinic clinic, String token, String note) {
    return api.call(HttpMethod.DELETE, path(clinic, "/verify"), token, new JsonObject().put("note", note));
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  private static long events(String action, String outcome, UUID provider) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE action = ? AND outcome = ? AND resource_type = 'provider'"
        + " AND resource_id = ?", action, outcome, provider.toString());
  }

  @Test
  @DisplayName("credentials are validated field by field: licence, ISO region, bounded lists, BCP 47 languages, years")
  void validation() {
    Clinic clinic = unverifiedClinic("Verify Validation");
    JsonObject bad = new JsonObject().put("licenseNumber", "<script>").put("licenseRegion", "XX-")
        .put("qualifications", new JsonArray(java.util.Collections.nCopies(21, "MD")))
        .put("yearsOfExperience", -1).put("languages", new JsonArray().add("english!").add("en")).put("photoFileId", "nope");
    HttpResponse<Buffer> refused = put(path(clinic, "/credentials"), providerToken(clinic), bad);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(fields(refused)).contains("licenseNumber", "licenseRegion", "qualifications", "yearsOfExperience", "languages[0]",
        "photoFileId");
    HttpResponse<Buffer> missing = put(path(clinic, "/credentials"), providerToken(clinic), new JsonObject());
    assertThat(fields(missing)).contains("licenseNumber", "licenseRegion", "qualifications", "yearsOfExperience", "languages");
    HttpResponse<Buffer> unknownCountry = put(path(clinic, "/credentials"), providerToken(clinic), credentials("A-1", "QQ"));
    assertThat(fields(unknownCountry)).containsExactly("licenseRegion");
  }

  @Test
  @DisplayName("the provider sets their credentials (canonical region and language tags) and GET shows them with verified=false; audited")
  void credentialsRoundTrip() {
    Clinic clinic = unverifiedClinic("Verify Round Trip");
    JsonObject saved = data(put(path(clinic, "/credentials"), providerToken(clinic), credentials("MI-4301-12", "us-mi")), 200);
    assertThat(saved.getString("licenseRegion")).isEqualTo("US-MI");
    assertThat(saved.getJsonArray("languages")).containsExactly("en", "es-MX");
    assertThat(saved.getInteger("yearsOfExperience")).isEqualTo(12);
    assertThat(saved.getBoolean("verified")).isFalse();
    assertThat(saved.getString("verifiedAt")).isNull();
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    JsonObject read = data(api.get(path(clinic, ""), manager), 200);
    assertThat(read.getString("licenseNumber")).isEqualTo("MI-4301-12");
    assertThat(read.getJsonArray("qualifications")).hasSize(2);
    assertThat(events("provider.credentials", "success", clinic.provider())).isEqualTo(1);
  }

  @Test
  @DisplayName("credentials: the provider and a manager of their location may; a manager elsewhere, a nurse and a patient may not")
  void credentialsAccess() {
    Clinic clinic = unverifiedClinic("Verify Cred Access");
    UUID elsewhere = Accounts.location("Verify Cred Elsewhere");
    String body = "/credentials";
    assertThat(put(path(clinic, body), Clinic.staffToken(api, Role.MANAGER, clinic.location()), credentials("A1", "US")).statusCode())
        .isEqualTo(200);
    assertThat(put(path(clinic, body), Clinic.staffToken(api, Role.MANAGER, elsewhere), credentials("A2", "US")).statusCode())
        .isEqualTo(403);
    assertThat(put(path(clinic, body), Clinic.staffToken(api, Role.NURSE, clinic.location()), credentials("A3", "US")).statusCode())
        .isEqualTo(403);
    String patient = Clinic.patient(api, "Cred Patient").getString("token");
    assertThat(put(path(clinic, body), patient, credentials("A4", "US")).statusCode()).isEqualTo(403);
    assertThat(put("/api/v1/providers/" + UUID.randomUUID() + body, Clinic.staffToken(api, Role.SUPERADMIN), credentials("A5", "US"))
        .statusCode()).isEqualTo(404);
    // The manager elsewhere is refused by the route; the nurse and the patient lack providers:write (the guard's event).
    Eventually.until(() -> events("provider.credentials", "denied", clinic.provider()) == 1);
  }

  @Test
  @DisplayName("verify: a manager of the provider's location or a superadmin; not the provider, a manager elsewhere or a patient")
  void verifyAccess() {
    Clinic clinic = unverifiedClinic("Verify Access");
    put(path(clinic, "/credentials"), providerToken(clinic), credentials("B-77", "US"));
    UUID elsewhere = Accounts.location("Verify Access Elsewhere");
    assertThat(verify(clinic, providerToken(clinic), "self").statusCode()).isEqualTo(403);
    assertThat(verify(clinic, Clinic.staffToken(api, Role.MANAGER, elsewhere), "not mine").statusCode()).isEqualTo(403);
    assertThat(verify(clinic, Clinic.patient(api, "Verify Patient").getString("token"), "me").statusCode()).isEqualTo(403);
    assertThat(verify(clinic, Clinic.staffToken(api, Role.NURSE, clinic.location()), "nurse").statusCode()).isEqualTo(403);
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    HttpResponse<Buffer> noNote = api.post(path(clinic, "/verify"), manager, new JsonObject());
    assertThat(fields(noNote)).containsExactly("note");
    JsonObject verified = data(verify(clinic, manager, "Licence checked with the Michigan board"), 200);
    assertThat(verified.getBoolean("verified")).isTrue();
    assertThat(verified.getString("verifiedAt")).isNotNull();
    assertThat(Accounts.value("SELECT verification_note FROM providers WHERE user_id = ?", clinic.provider()))
        .isEqualTo("Licence checked with the Michigan board");
    assertThat(events("provider.verify", "success", clinic.provider())).isEqualTo(1);
    Eventually.until(() -> events("provider.verify", "denied", clinic.provider()) == 1);
    // The provider themself is refused by the users:manage guard.
    Eventually.until(() -> Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'permission.users:manage'"
        + " AND outcome = 'denied' AND actor_id = ?", clinic.provider()) == 1);
    assertThat(verify(clinic, Clinic.staffToken(api, Role.SUPERADMIN), "re-checked").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("verifying needs the licence number and region: 409 INVALID_STATE before the credentials are in")
  void verifyNeedsLicence() {
    Clinic clinic = unverifiedClinic("Verify Needs Licence");
    HttpResponse<Buffer> refused = verify(clinic, Clinic.staffToken(api, Role.MANAGER, clinic.location()), "looks fine");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(errorCode(refused)).isEqualTo("INVALID_STATE");
    assertThat(Accounts.value("SELECT verified_at FROM providers WHERE user_id = ?", clinic.provider())).isNull();
  }

  @Test
  @DisplayName("patients get 404 for an unverified provider and cannot book or hold one (409); staff see and book them")
  void gating() {
    Clinic clinic = unverifiedClinic("Verify Gating");
    JsonObject patient = Clinic.patient(api, "Gated Patient");
    String token = patient.getString("token");
    assertThat(api.get(path(clinic, ""), token).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> booked = api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(30)));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(409);
    assertThat(errorCode(booked)).isEqualTo("INVALID_STATE");
    HttpResponse<Buffer> held = api.post("/api/v1/appointments/holds", token, clinic.booking(hoursAhead(31)));
    assertThat(held.statusCode()).isEqualTo(409);
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isZero();

    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    assertThat(data(api.get(path(clinic, ""), manager), 200).getBoolean("verified")).isFalse();
    JsonObject forPatient = clinic.booking(hoursAhead(32)).put("patientId", patient.getString("id"));
    assertThat(api.post("/api/v1/appointments", manager, forPatient).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("verify makes the provider visible and bookable to patients; revoking (audited) makes them unbookable again")
  void verifyThenRevoke() {
    Clinic clinic = unverifiedClinic("Verify Then Revoke");
    String token = Clinic.patient(api, "Revoke Patient").getString("token");
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    put(path(clinic, "/credentials"), providerToken(clinic), credentials("C-1", "US-MI"));
    data(verify(clinic, manager, "checked"), 200);
    assertThat(data(api.get(path(clinic, ""), token), 200).getBoolean("verified")).isTrue();
    assertThat(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(40))).statusCode()).isEqualTo(201);

    JsonObject revoked = data(revoke(clinic, manager, "licence suspended"), 200);
    assertThat(revoked.getBoolean("verified")).isFalse();
    assertThat(events("provider.unverify", "success", clinic.provider())).isEqualTo(1);
    assertThat(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(42))).statusCode()).isEqualTo(409);
    assertThat(api.get(path(clinic, ""), token).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> again = revoke(clinic, manager, "twice");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(errorCode(again)).isEqualTo("INVALID_STATE");
    assertThat(api.call(HttpMethod.DELETE, path(clinic, "/verify?note=via+query"), Clinic.staffToken(api, Role.SUPERADMIN), null)
        .statusCode()).isEqualTo(409);
  }

  @Test
  @DisplayName("a new licence number or region un-verifies (audited as provider.unverify); other details keep the verification")
  void licenceChangeUnverifies() {
    Clinic clinic = unverifiedClinic("Verify Licence Change");
    String provider = providerToken(clinic);
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    put(path(clinic, "/credentials"), provider, credentials("D-1", "US"));
    data(verify(clinic, manager, "checked"), 200);

    JsonObject languagesOnly = credentials("D-1", "US").put("languages", new JsonArray().add("fr-CA"));
    assertThat(data(put(path(clinic, "/credentials"), provider, languagesOnly), 200).getBoolean("verified")).isTrue();
    assertThat(events("provider.unverify", "success", clinic.provider())).isZero();

    JsonObject moved = data(put(path(clinic, "/credentials"), provider, credentials("D-1", "CA-ON")), 200);
    assertThat(moved.getBoolean("verified")).isFalse();
    assertThat(events("provider.unverify", "success", clinic.provider())).isEqualTo(1);
    assertThat(Accounts.value("SELECT verification_note FROM providers WHERE user_id = ?", clinic.provider()))
        .isEqualTo("licence changed: verify again");
    String patient = Clinic.patient(api, "Licence Patient").getString("token");
    assertThat(api.post("/api/v1/appointments", patient, clinic.booking(hoursAhead(50))).statusCode()).isEqualTo(409);
  }

  @Test
  @DisplayName("a provider verified before licences were recorded stays verified when entering their first licence")
  void firstLicenceKeepsLegacyVerification() {
    Clinic clinic = Clinic.create("Verify Legacy");
    JsonObject saved = data(put(path(clinic, "/credentials"), providerToken(clinic), credentials("E-1", "GB-ENG")), 200);
    assertThat(saved.getBoolean("verified")).isTrue();
    assertThat(events("provider.unverify", "success", clinic.provider())).isZero();
  }
}
