package org.clinicapi.records;

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
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Provider photos: images only, uploaded by whoever may change the provider, named in the credentials, served inline")
class ProviderPhotoRoutesTest {
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

  private static HttpResponse<Buffer> upload(Clinic clinic, String token, Multipart form) {
    return ApiClient.await(api.request(HttpMethod.POST, "/api/v1/providers/" + clinic.provider() + "/photo")
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", Multipart.CONTENT_TYPE).sendBuffer(form.body()));
  }

  private static String providerToken(Clinic clinic) {
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", clinic.provider());
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static JsonObject credentials(String photoFileId) {
    return new JsonObject().put("licenseNumber", "P-1").put("licenseRegion", "US").put("qualifications", new JsonArray())
        .put("yearsOfExperience", 3).put("languages", new JsonArray().add("en")).put("photoFileId", photoFileId);
  }

  @Test
  @DisplayName("a PNG is stored as the provider's, set as photoFileId, and served inline to a patient; it never shows in /files")
  void uploadSetAndServe() {
    Clinic clinic = Clinic.create("Photo Clinic");
    String provider = providerToken(clinic);
    HttpResponse<Buffer> uploaded = upload(clinic, provider, Multipart.form().file("me.png", "image/png", Multipart.png()));
    JsonObject photo = Clinic.data(uploaded, 201);
    assertThat(photo.getString("contentType")).isEqualTo("image/png");
    assertThat(photo.getString("providerId")).isEqualTo(clinic.provider().toString());
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'provider.photo_upload' AND outcome = 'success'"
        + " AND resource_id = ?", photo.getString("id"))).isEqualTo(1);

    String path = "/api/v1/providers/" + clinic.provider();
    JsonObject saved = Clinic.data(api.call(HttpMethod.PUT, path + "/credentials", provider, credentials(photo.getString("id"))), 200);
    assertThat(saved.getString("photoFileId")).isEqualTo(photo.getString("id"));

    String patient = Clinic.patient(api, "Photo Viewer").getString("token");
    HttpResponse<Buffer> served = api.get(path + "/photo", patient);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(served.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(served.body().getBytes()).isEqualTo(Multipart.png());
    assertThat(api.get("/api/v1/files/" + photo.getString("id"), Clinic.staffToken(api, Role.SUPERADMIN)).statusCode())
        .as("a photo is not a medical record").isEqualTo(404);

    Accounts.update("UPDATE providers SET verified_at = NULL, verified_by = NULL WHERE user_id = ?", clinic.provider());
    assertThat(api.get(path + "/photo", patient).statusCode()).as("unverified: hidden from patients").isEqualTo(404);
    assertThat(api.get(path + "/photo", Clinic.staffToken(api, Role.NURSE, clinic.location())).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a PDF is 415; a manager elsewhere and a patient are refused; a medical record cannot be set as the photo")
  void refusals() {
    Clinic clinic = Clinic.create("Photo Refusals");
    String provider = providerToken(clinic);
    HttpResponse<Buffer> pdf = upload(clinic, provider, Multipart.form().file("cv.png", "image/png", Multipart.pdf()));
    assertThat(pdf.statusCode()).as(pdf.bodyAsString()).isEqualTo(415);
    String elsewhere = Clinic.staffToken(api, Role.MANAGER, Accounts.location("Photo Elsewhere"));
    assertThat(upload(clinic, elsewhere, Multipart.form().file("x.png", "image/png", Multipart.png())).statusCode()).isEqualTo(403);
    String patient = Clinic.patient(api, "Photo Patient").getString("token");
    assertThat(upload(clinic, patient, Multipart.form().file("x.png", "image/png", Multipart.png())).statusCode()).isEqualTo(403);
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE provider_id = ?", clinic.provider())).isZero();

    String record = Clinic.data(ApiClient.await(api.request(HttpMethod.POST, "/api/v1/files").putHeader("Authorization", "Bearer " + patient)
        .putHeader("Content-Type", Multipart.CONTENT_TYPE)
        .sendBuffer(Multipart.form().field("category", "other").file("r.png", "image/png", Multipart.png()).body())), 201).getString("id");
    HttpResponse<Buffer> refused = api.call(HttpMethod.PUT, "/api/v1/providers/" + clinic.provider() + "/credentials", provider,
        credentials(record));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsString()).contains("photoFileId");
    assertThat(api.get("/api/v1/providers/" + clinic.provider() + "/photo", provider).statusCode()).as("no photo yet").isEqualTo(404);
    assertThat(api.get("/api/v1/providers/" + UUID.randomUUID() + "/photo", provider).statusCode()).isEqualTo(404);
  }
}
