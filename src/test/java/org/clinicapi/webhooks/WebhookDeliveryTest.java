package org.clinicapi.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.clinicapi.webhooks.Receiver.Answer;
import org.clinicapi.webhooks.Receiver.Received;
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
import static org.clinicapi.webhooks.Hooks.BASE;

@ExtendWith(VertxExtension.class)
@DisplayName("Webhook delivery: signed, at least once with a stable event id, backoff, redelivery, no redirects")
class WebhookDeliveryTest {
  private static TestServer server;
  private static ApiClient api;
  private static Receiver receiver;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = Hooks.deliveryServer();
    api = new ApiClient(vertx, server);
    receiver = new Receiver(vertx);
    admin = Visits.token(api, Accounts.user(Role.SUPERADMIN));
  }

  @AfterAll
  static void stop() {
    Hooks.deactivateAll();
    receiver.close();
    server.close();
  }

  private static String path() {
    return "/hook/" + UUID.randomUUID();
  }

  /** A scheduled appointment written straight to the database: the trigger fires as it does for a booking. */
  private static UUID appointment() {
    Clinic clinic = Clinic.create("Hook Clinic " + UUID.randomUUID());
    return Visits.appointment(Accounts.idOf(Visits.patient()), clinic.provider(), clinic.location(), "scheduled");
  }

  @Test
  @DisplayName("booking through the API with a subscription sends exactly one appointment.created, signed with the secret shown at creation")
  void bookingSendsOneSignedEvent() throws Exception {
    String path = path();
    JsonObject subscription = Hooks.subscribe(api, admin, receiver.url(path), "appointment.created");
    Clinic clinic = Clinic.create("Booking Hooks");
    String patient = api.registerPatient("Hook Patient").getString("accessToken");
    String startsAt = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(80, ChronoUnit.HOURS).toString();
    HttpResponse<Buffer> booked = api.post("/api/v1/appointments", patient, new JsonObject().put("providerId", clinic.provider().toString())
        .put("locationId", clinic.location().toString()).put("startsAt", startsAt).put("reason", "Private reason"));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    String appointmentId = booked.bodyAsJsonObject().getJsonObject("data").getString("id");

    Received received = receiver.await(path, 1).get(0);
    JsonObject body = received.json();

    assertThat(Hooks.signatureValid(subscription.getString("secret"), received.headers().get("X-Clinic-Signature"), received.body())).isTrue();
    assertThat(received.headers().get("X-Clinic-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
    assertThat(received.headers().get("X-Clinic-Event-Id")).isEqualTo(body.getString("id"));
    assertThat(body.fieldNames()).containsExactly("id", "type", "createdAt", "data");
    assertThat(body.getString("type")).isEqualTo("appointment.created");
    JsonObject data = body.getJsonObject("data");
    assertThat(data.getString("id")).isEqualTo(appointmentId);
    assertThat(data.getString("startsAt")).isEqualTo(startsAt);
    assertThat(data.getString("status")).isEqualTo("scheduled");
    assertThat(received.body()).doesNotContain("Private reason");
    Eventually.until(() -> "delivered".equals(Hooks.deliveries(api, admin, subscription.getString("id")).getJsonObject(0).getString("status")));
    assertThat(Accounts.count("SELECT count(*) FROM webhook_deliveries WHERE subscription_id = ?", UUID.fromString(subscription.getString("id"))))
        .isEqualTo(1);
    assertThat(receiver.on(path)).hasSize(1);
  }

  @Test
  @DisplayName("a failing receiver is retried after the base delay, then twice that, with the same event id and body each time")
  void failingReceiverBacksOffWithTheSameEventId() throws Exception {
    String path = path();
    receiver.script(path, n -> Answer.of(n <= 2 ? 503 : 200));
    JsonObject subscription = Hooks.subscribe(api, admin, receiver.url(path), "appointment.created");
    appointment();

    List<Received> attempts = receiver.await(path, 3);

    assertThat(attempts).extracting(Received::body).containsOnly(attempts.get(0).body());
    assertThat(attempts).extracting(r -> r.headers().get("X-Clinic-Event-Id")).containsOnly(attempts.get(0).json().getString("id"));
    for (Received r : attempts) {
      assertThat(Hooks.signatureValid(subscription.getString("secret"), r.headers().get("X-Clinic-Signature"), r.body())).isTrue();
    }
    // Base 1 s, less at most 20 % jitter; then 2 s, less at most 20 %.
    assertThat(attempts.get(1).atMs() - attempts.get(0).atMs()).isGreaterThanOrEqualTo(800);
    assertThat(attempts.get(2).atMs() - attempts.get(1).atMs()).isGreaterThanOrEqualTo(1600);
    Eventually.until(() -> "delivered".equals(Hooks.deliveries(api, admin, subscription.getString("id")).getJsonObject(0).getString("status")));
    JsonObject delivery = Hooks.deliveries(api, admin, subscription.getString("id")).getJsonObject(0);
    assertThat(delivery.getInteger("attempts")).isEqualTo(3);
    assertThat(delivery.getJsonArray("attemptLog").stream().map(a -> ((JsonObject) a).getString("outcome")))
        .containsExactly("retry", "retry", "delivered");
    assertThat(((JsonObject) delivery.getJsonArray("attemptLog").getValue(0)).getString("error")).isEqualTo("http_503");
  }

  @Test
  @DisplayName("redeliver sends a delivered event again, with the same event id")
  void redeliverSendsAgain() throws Exception {
    String path = path();
    JsonObject subscription = Hooks.subscribe(api, admin, receiver.url(path), "appointment.created");
    appointment();
    Received first = receiver.await(path, 1).get(0);
    String id = subscription.getString("id");
    Eventually.until(() -> "delivered".equals(Hooks.deliveries(api, admin, id).getJsonObject(0).getString("status")));
    String deliveryId = Hooks.deliveries(api, admin, id).getJsonObject(0).getString("id");

    HttpResponse<Buffer> redelivered = api.post(BASE + "/" + id + "/deliveries/" + deliveryId + "/redeliver", admin, null);
    Received second = receiver.await(path, 2).get(1);

    assertThat(redelivered.statusCode()).as(redelivered.bodyAsString()).isEqualTo(202);
    assertThat(second.headers().get("X-Clinic-Event-Id")).isEqualTo(first.headers().get("X-Clinic-Event-Id"));
    assertThat(second.body()).isEqualTo(first.body());
    Eventually.until(() -> Hooks.deliveries(api, admin, id).getJsonObject(0).getInteger("attempts") == 2);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'webhook.redeliver' AND resource_id = ?", deliveryId))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a redirect is not followed: the attempt is logged as http_302 and the Location is never requested")
  void redirectsAreNotFollowed() throws Exception {
    String path = path();
    String elsewhere = path();
    receiver.script(path, n -> new Answer(302, receiver.url(elsewhere)));
    JsonObject subscription = Hooks.subscribe(api, admin, receiver.url(path), "appointment.created");
    appointment();

    receiver.await(path, 1);
    String id = subscription.getString("id");
    Eventually.until(() -> Hooks.deliveries(api, admin, id).getJsonObject(0).getInteger("attempts") >= 1);

    JsonArray log = Hooks.deliveries(api, admin, id).getJsonObject(0).getJsonArray("attemptLog");
    assertThat(log.getJsonObject(0).getString("error")).isEqualTo("http_302");
    assertThat(log.getJsonObject(0).getString("outcome")).isEqualTo("retry");
    assertThat(receiver.on(elsewhere)).isEmpty();
    assertThat(api.call(io.vertx.core.http.HttpMethod.DELETE, BASE + "/" + id, admin, null).statusCode()).isEqualTo(204);
  }

  @Test
  @DisplayName("completing a consultation sends consultation.completed, without clinical notes or video link")
  void consultationCompleted() {
    String path = path();
    Hooks.subscribe(api, admin, receiver.url(path), "consultation.completed");
    Clinic clinic = Clinic.create("Consult Hooks");
    UUID patient = Accounts.idOf(Visits.patient());
    UUID appointment = Visits.appointment(patient, clinic.provider(), clinic.location(), "checked_in");
    UUID consultation = (UUID) Accounts.value("""
        INSERT INTO consultations (appointment_id, patient_id, provider_id, location_id, mode, status, started_at, clinical_notes, created_by)
        VALUES (?, ?, ?, ?, 'in_person', 'in_progress', now(), 'Clinical detail', ?) RETURNING id
        """, appointment, patient, clinic.provider(), clinic.location(), clinic.provider());
    Accounts.update("UPDATE consultations SET status = 'completed', ended_at = now() WHERE id = ?", consultation);

    Received received = receiver.await(path, 1).get(0);

    assertThat(received.json().getString("type")).isEqualTo("consultation.completed");
    assertThat(received.json().getJsonObject("data").getString("id")).isEqualTo(consultation.toString());
    assertThat(received.json().getJsonObject("data").getString("appointmentId")).isEqualTo(appointment.toString());
    assertThat(received.body()).doesNotContain("Clinical detail").doesNotContain("videoUrl");
  }
}
