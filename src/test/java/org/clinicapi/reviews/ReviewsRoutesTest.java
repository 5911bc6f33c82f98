package org.clinicapi.reviews;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Reviews: once per completed appointment by its patient, newest first, and an exact provider rating under concurrency")
class ReviewsRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID patientId;
  private static String patient;
  private static String otherPatient;
  private static String manager;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Reviews Clinic");
    String patientEmail = Visits.patient();
    patientId = Accounts.idOf(patientEmail);
    patient = token(patientEmail);
    otherPatient = token(Visits.patient());
    manager = token(Accounts.user(Role.MANAGER, clinic));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(String email) {
    return Visits.token(api, email);
  }

  private static UUID newProvider() {
    return Accounts.idOf(Visits.provider(clinic));
  }

  private static HttpResponse<Buffer> review(String token, UUID appointment, JsonObject body) {
    return api.post("/api/v1/appointments/" + appointment + "/review", token, body);
  }

  private static JsonObject rating(int stars) {
    return new JsonObject().put("rating", stars);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static long audits(HttpResponse<Buffer> response, String outcome) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND outcome = ?",
        response.getHeader("X-Request-Id"), outcome);
  }

  private static JsonObject providerRating(UUID provider) {
    return api.get("/api/v1/providers/" + provider, patient).bodyAsJsonObject().getJsonObject("data").getJsonObject("rating");
  }

  @Test
  @DisplayName("only the appointment's patient reviews it, only once it is completed, only once; others get 404 audited as denied")
  void onceAfterCompletionByItsPatient() {
    UUID provider = newProvider();
    UUID booked = Visits.appointment(patientId, provider, clinic, "checked_in");
    UUID done = Visits.appointment(patientId, provider, clinic, "completed");

    HttpResponse<Buffer> early = review(patient, booked, rating(5));
    HttpResponse<Buffer> stranger = review(otherPatient, done, rating(1));
    HttpResponse<Buffer> staff = review(manager, done, rating(1));
    HttpResponse<Buffer> first = review(patient, done, rating(4).put("comment", "Kind and on time."));
    HttpResponse<Buffer> second = review(patient, done, rating(1));

    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(code(early)).isEqualTo("INVALID_STATE");
    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(audits(stranger, "denied")).isEqualTo(1);
    assertThat(staff.statusCode()).isEqualTo(404);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    JsonObject data = first.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getInteger("rating")).isEqualTo(4);
    assertThat(data.getString("comment")).isEqualTo("Kind and on time.");
    assertThat(data.containsKey("patientId")).isFalse();
    assertThat(audits(first, "success")).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", first.getHeader("X-Request-Id"))).isEqualTo(1);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(code(second)).isEqualTo("CONFLICT");
    assertThat(providerRating(provider)).isEqualTo(new JsonObject().put("average", 4.0).put("count", 1));
  }

  @Test
  @DisplayName("rating must be a whole number 1..5 and the comment at most 1000 characters; every bad field is named")
  void validation() {
    UUID done = Visits.appointment(patientId, newProvider(), clinic, "completed");

    List<HttpResponse<Buffer>> refused = List.of(review(patient, done, rating(0)), review(patient, done, rating(6)),
        review(patient, done, new JsonObject().put("rating", 4.5)), review(patient, done, new JsonObject()));
    HttpResponse<Buffer> both = review(patient, done, new JsonObject().put("rating", "5").put("comment", "x".repeat(1001)));

    refused.forEach(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400));
    assertThat(both.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList()).containsExactlyInAnyOrder("rating", "comment");
    assertThat(Accounts.count("SELECT count(*) FROM reviews WHERE appointment_id = ?", done)).isZero();
  }

  @Test
  @DisplayName("GET /providers/{id}/reviews is newest first, keyset-paged, and shows no patient or appointment")
  void listNewestFirst() {
    UUID provider = newProvider();
    List<String> ids = new ArrayList<>();
    for (int stars = 1; stars <= 3; stars++) {
      HttpResponse<Buffer> created = review(patient, Visits.appointment(patientId, provider, clinic, "completed"), rating(stars));
      ids.add(created.bodyAsJsonObject().getJsonObject("data").getString("id"));
    }

    HttpResponse<Buffer> page = api.get("/api/v1/providers/" + provider + "/reviews?limit=2", otherPatient);
    String cursor = page.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
    HttpResponse<Buffer> rest = api.get("/api/v1/providers/" + provider + "/reviews?limit=2&cursor=" + cursor, otherPatient);
    HttpResponse<Buffer> unknown = api.get("/api/v1/providers/" + UUID.randomUUID() + "/reviews", otherPatient);

    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertThat(page.bodyAsJsonObject().getJsonArray("data").stream().map(r -> ((JsonObject) r).getString("id")))
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(rest.bodyAsJsonObject().getJsonArray("data").stream().map(r -> ((JsonObject) r).getString("id")))
        .containsExactly(ids.get(0));
    assertThat(rest.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor")).isNull();
    assertThat(page.bodyAsString()).doesNotContain(patientId.toString()).doesNotContain("appointmentId").doesNotContain("patientId");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("20 concurrent reviews of one provider roll up to count 20 and the exact average")
  void concurrentReviewsRollUpExactly() {
    UUID provider = newProvider();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < 20; i++) {
      int stars = i < 13 ? 5 : (i % 2) + 1;
      total += stars;
      UUID appointment = Visits.appointment(patientId, provider, clinic, "completed");
      sent.add(api.request(HttpMethod.POST, "/api/v1/appointments/" + appointment + "/review")
          .putHeader("Authorization", "Bearer " + patient).sendJsonObject(rating(stars)));
    }
    ApiClient.await(Future.join(sent));

    sent.forEach(f -> assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(201));
    double expected = BigDecimal.valueOf(total).divide(BigDecimal.valueOf(20), 2, RoundingMode.HALF_UP).doubleValue();
    assertThat(providerRating(provider)).isEqualTo(new JsonObject().put("average", expected).put("count", 20));
    assertThat(Accounts.count("SELECT rating_total FROM providers WHERE user_id = ?", provider)).isEqualTo(total);
  }

  @Test
  @DisplayName("a retried review with the same Idempotency-Key replays the first answer and writes one review")
  void idempotentRetry() {
    UUID provider = newProvider();
    UUID done = Visits.appointment(patientId, provider, clinic, "completed");
    String key = UUID.randomUUID().toString();

    HttpResponse<Buffer> first = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/appointments/" + done + "/review")
        .putHeader("Authorization", "Bearer " + patient).putHeader("Idempotency-Key", key).sendJsonObject(rating(3)));
    HttpResponse<Buffer> retry = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/appointments/" + done + "/review")
        .putHeader("Authorization", "Bearer " + patient).putHeader("Idempotency-Key", key).sendJsonObject(rating(3)));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject().getJsonObject("data")).isEqualTo(first.bodyAsJsonObject().getJsonObject("data"));
    assertThat(providerRating(provider).getInteger("count")).isEqualTo(1);
  }
}
