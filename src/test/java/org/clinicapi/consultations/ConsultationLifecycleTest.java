package org.clinicapi.consultations;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.bus.Addresses;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Consultation state machine: scheduled → in_progress → completed (completing its checked-in appointment), → cancelled")
class ConsultationLifecycleTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID providerId;
  private static UUID patientId;
  private static String provider;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Lifecycle Clinic");
    String providerEmail = Visits.provider(clinic);
    providerId = Accounts.idOf(providerEmail);
    patientId = Accounts.idOf(Visits.patient());
    provider = Visits.token(api, providerEmail);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Visit(UUID appointment, String consultation) {
  }

  private static Visit visit(String appointmentStatus) {
    UUID appointment = Visits.appointment(patientId, providerId, clinic, appointmentStatus);
    HttpResponse<Buffer> created = api.post("/api/v1/consultations", provider,
        new JsonObject().put("appointmentId", appointment.toString()).put("mode", "in_person"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return new Visit(appointment, created.bodyAsJsonObject().getJsonObject("data").getString("id"));
  }

  private static HttpResponse<Buffer> status(String id, String status) {
    return api.call(HttpMethod.PATCH, "/api/v1/consultations/" + id, provider, new JsonObject().put("status", status));
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  @DisplayName("completing a started consultation completes its checked-in appointment and publishes consultations.event.completed after commit")
  void completionCompletesAppointmentAndPublishes() {
    Visit visit = visit("checked_in");
    Promise<JsonObject> heard = Promise.promise();
    MessageConsumer<JsonObject> consumer = server.vertx().eventBus().consumer(Addresses.CONSULTATIONS_COMPLETED, m -> heard.tryComplete(m.body()));
    ApiClient.await(consumer.completion());

    HttpResponse<Buffer> started = status(visit.consultation(), "in_progress");
    HttpResponse<Buffer> completed = status(visit.consultation(), "completed");
    JsonObject event = ApiClient.await(heard.future());
    ApiClient.await(consumer.unregister());

    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    assertThat(started.bodyAsJsonObject().getJsonObject("data").getString("startedAt")).isNotNull();
    assertThat(completed.statusCode()).as(completed.bodyAsString()).isEqualTo(200);
    JsonObject data = completed.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("completed");
    assertThat(Visits.appointmentStatus(visit.appointment())).isEqualTo("completed");
    assertThat(event).isEqualTo(new JsonObject().put("id", visit.consultation()).put("appointmentId", visit.appointment().toString())
        .put("patientId", patientId.toString()).put("providerId", providerId.toString()).put("locationId", clinic.toString())
        .put("endedAt", data.getString("endedAt")));
    assertThat(Instant.parse(event.getString("endedAt"))).isAfterOrEqualTo(Instant.parse(data.getString("startedAt")));
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'consultation.update'",
        completed.getHeader("X-Request-Id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("completing while the appointment is not checked in is 409 INVALID_STATE and changes neither row")
  void completionNeedsCheckIn() {
    Visit visit = visit("confirmed");
    status(visit.consultation(), "in_progress");

    HttpResponse<Buffer> refused = status(visit.consultation(), "completed");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(code(refused)).isEqualTo("INVALID_STATE");
    assertThat(Visits.appointmentStatus(visit.appointment())).isEqualTo("confirmed");
    assertThat(Accounts.value("SELECT status FROM consultations WHERE id = ?::uuid", visit.consultation())).isEqualTo("in_progress");
  }

  @Test
  @DisplayName("illegal transitions are 409 INVALID_STATE: skipping in_progress, repeating a status, leaving completed or cancelled")
  void illegalTransitions() {
    Visit visit = visit("checked_in");
    HttpResponse<Buffer> skip = status(visit.consultation(), "completed");
    HttpResponse<Buffer> backToScheduled = status(visit.consultation(), "scheduled");
    status(visit.consultation(), "in_progress");
    HttpResponse<Buffer> repeat = status(visit.consultation(), "in_progress");
    status(visit.consultation(), "completed");
    HttpResponse<Buffer> afterCompleted = status(visit.consultation(), "cancelled");

    Visit cancelled = visit("scheduled");
    HttpResponse<Buffer> cancel = status(cancelled.consultation(), "cancelled");
    HttpResponse<Buffer> restart = status(cancelled.consultation(), "in_progress");
    HttpResponse<Buffer> notesOnCancelled = api.call(HttpMethod.PATCH, "/api/v1/consultations/" + cancelled.consultation(), provider,
        new JsonObject().put("clinicalNotes", "Too late."));
    HttpResponse<Buffer> unknown = status(cancelled.consultation(), "paused");
    HttpResponse<Buffer> empty = api.call(HttpMethod.PATCH, "/api/v1/consultations/" + cancelled.consultation(), provider, new JsonObject());

    for (HttpResponse<Buffer> r : java.util.List.of(skip, backToScheduled, repeat, afterCompleted, restart, notesOnCancelled)) {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
      assertThat(code(r)).isEqualTo("INVALID_STATE");
    }
    assertThat(cancel.statusCode()).isEqualTo(200);
    assertThat(cancel.bodyAsJsonObject().getJsonObject("data").getString("status")).isEqualTo("cancelled");
    assertThat(Visits.appointmentStatus(cancelled.appointment())).as("cancelling a consultation leaves its appointment").isEqualTo("scheduled");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(empty.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a consultation cannot start once its appointment was cancelled")
  void startNeedsLiveAppointment() {
    Visit visit = visit("scheduled");
    Accounts.update("UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE id = ?", visit.appointment());

    HttpResponse<Buffer> refused = status(visit.consultation(), "in_progress");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(code(refused)).isEqualTo("INVALID_STATE");
    assertThat(Accounts.value("SELECT started_at FROM consultations WHERE id = ?::uuid", visit.consultation())).isNull();
  }
}
