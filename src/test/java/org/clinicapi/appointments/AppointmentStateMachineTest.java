package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Clinic;
import org.clinicapi.bus.Addresses;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("Changes: the full state machine, the 24 h rule for patients, reschedule and cancel with outbox and events")
class AppointmentStateMachineTest {
  private static final List<String> STATUSES = List.of("scheduled", "confirmed", "checked_in", "completed", "cancelled", "no_show");
  /** action → (from → to); every pair not listed must be 409 INVALID_STATE. */
  private static final Map<String, Map<String, String>> LEGAL = Map.of(
      "confirm", Map.of("scheduled", "confirmed"),
      "check-in", Map.of("confirmed", "checked_in"),
      "complete", Map.of("checked_in", "completed"),
      "no-show", Map.of("confirmed", "no_show", "checked_in", "no_show"),
      "cancel", Map.of("scheduled", "cancelled", "confirmed", "cancelled"));

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

  private static String insert(Clinic clinic, String patientId, String status, String startsAt) {
    return Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by, cancelled_at)
        VALUES (?::uuid, ?, ?, ?::timestamptz, ?::timestamptz + interval '30 minutes', ?, 'Checkup', ?::uuid,
                CASE WHEN ?::text = 'cancelled' THEN now() END) RETURNING id""",
        patientId, clinic.provider(), clinic.location(), startsAt, startsAt, status, patientId, status).toString();
  }

  @Test
  @DisplayName("every status × every action: the legal moves succeed, every other one is 409 INVALID_STATE and changes nothing")
  void fullStateMachineTable() {
    Clinic clinic = Clinic.create("States");
    String patientId = Clinic.patient(api, "States Patient").getString("id");
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    int hour = 200;
    for (String from : STATUSES) {
      for (Map.Entry<String, Map<String, String>> action : LEGAL.entrySet()) {
        String id = insert(clinic, patientId, from, hoursAhead(hour++));
        HttpResponse<Buffer> response = api.post("/api/v1/appointments/" + id + "/" + action.getKey(), manager, new JsonObject());
        String to = action.getValue().get(from);
        String label = from + " -" + action.getKey() + "->";
        if (to == null) {
          assertThat(response.statusCode()).as(label).isEqualTo(409);
          assertThat(errorCode(response)).as(label).isEqualTo("INVALID_STATE");
          assertThat(Accounts.value("SELECT status FROM appointments WHERE id = ?::uuid", id)).as(label).isEqualTo(from);
        } else {
          assertThat(data(response, 200).getString("status")).as(label).isEqualTo(to);
        }
      }
    }
  }

  @Test
  @DisplayName("two concurrent confirmations of one appointment: one 200, one 409")
  void concurrentTransitionsCannotBothWin() {
    Clinic clinic = Clinic.create("Concurrent");
    String patientId = Clinic.patient(api, "Concurrent Patient").getString("id");
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    String id = insert(clinic, patientId, "scheduled", hoursAhead(90));
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(api.request(HttpMethod.POST, "/api/v1/appointments/" + id + "/confirm").putHeader("Authorization", "Bearer " + manager).send());
    }
    ApiClient.await(Future.join(calls));
    assertThat(calls.stream().map(c -> c.result().statusCode())).containsExactlyInAnyOrder(200, 409);
  }

  @Test
  @DisplayName("patients change or cancel their own appointment only 24 h ahead (403 with a clear message); staff any time")
  void twentyFourHourRule() {
    Clinic clinic = Clinic.create("Notice");
    JsonObject patient = Clinic.patient(api, "Notice Patient");
    String token = patient.getString("token");
    String nurse = Clinic.staffToken(api, Role.NURSE, clinic.location());
    String soon = data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(3))), 201).getString("id");
    String later = data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(30))), 201).getString("id");

    HttpResponse<Buffer> lateCancel = api.post("/api/v1/appointments/" + soon + "/cancel", token, new JsonObject());
    HttpResponse<Buffer> lateEdit = api.call(HttpMethod.PATCH, "/api/v1/appointments/" + soon, token, new JsonObject().put("notes", "x"));
    assertThat(lateCancel.statusCode()).isEqualTo(403);
    assertThat(lateCancel.bodyAsString()).contains("24 hours");
    assertThat(lateEdit.statusCode()).isEqualTo(403);
    assertThat(data(api.call(HttpMethod.PATCH, "/api/v1/appointments/" + soon, nurse, new JsonObject().put("notes", "late")), 200)
        .getString("notes")).isEqualTo("late");
    assertThat(data(api.call(HttpMethod.DELETE, "/api/v1/appointments/" + soon, nurse, null), 200).getString("status")).isEqualTo("cancelled");

    JsonObject cancelled = data(api.post("/api/v1/appointments/" + later + "/cancel", token, new JsonObject().put("reason", "travel")), 200);
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getJsonObject("cancellation").getString("by")).isEqualTo(patient.getString("id"));
    assertThat(cancelled.getJsonObject("cancellation").getString("reason")).isEqualTo("travel");
    HttpResponse<Buffer> confirmOwn = api.post("/api/v1/appointments/" + later + "/confirm", token, new JsonObject());
    assertThat(confirmOwn.statusCode()).as("patients do not confirm").isEqualTo(403);
  }

  @Test
  @DisplayName("reschedule and cancel queue a notice and publish their event after commit; a taken new time is SLOT_TAKEN")
  void rescheduleAndCancelNotifyAndPublish() throws Exception {
    Clinic clinic = Clinic.create("Reschedule");
    JsonObject patient = Clinic.patient(api, "Reschedule Patient");
    String token = patient.getString("token");
    String first = hoursAhead(60);
    String id = data(api.post("/api/v1/appointments", token, clinic.booking(first)), 201).getString("id");
    data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(62))), 201);
    Promise<JsonObject> moved = Promise.promise();
    Promise<JsonObject> cancelled = Promise.promise();
    server.vertx().eventBus().<JsonObject>consumer(Addresses.APPOINTMENTS_RESCHEDULED, m -> {
      if (id.equals(m.body().getString("id"))) {
        moved.tryComplete(m.body());
      }
    }).completion().await(10, TimeUnit.SECONDS);
    server.vertx().eventBus().<JsonObject>consumer(Addresses.APPOINTMENTS_CANCELLED, m -> {
      if (id.equals(m.body().getString("id"))) {
        cancelled.tryComplete(m.body());
      }
    }).completion().await(10, TimeUnit.SECONDS);

    HttpResponse<Buffer> taken = api.call(HttpMethod.PATCH, "/api/v1/appointments/" + id, token, new JsonObject().put("startsAt", hoursAhead(62)));
    assertThat(errorCode(taken)).isEqualTo("SLOT_TAKEN");
    JsonObject rescheduled = data(api.call(HttpMethod.PATCH, "/api/v1/appointments/" + id, token,
        new JsonObject().put("startsAt", hoursAhead(61)).put("reason", "Follow-up")), 200);
    assertThat(rescheduled.getString("startsAt")).isEqualTo(hoursAhead(61));
    assertThat(rescheduled.getString("endsAt")).isEqualTo(Instant.parse(hoursAhead(61)).plusSeconds(1800).toString());
    assertThat(rescheduled.getString("reason")).isEqualTo("Follow-up");
    assertThat(moved.future().await(10, TimeUnit.SECONDS).getString("previousStartsAt")).isEqualTo(first);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE payload->>'appointmentId' = ? AND kind = 'appointment.change'", id))
        .isEqualTo(1);

    data(api.call(HttpMethod.DELETE, "/api/v1/appointments/" + id, token, null), 200);
    JsonObject event = cancelled.future().await(10, TimeUnit.SECONDS);
    assertThat(event.getString("cancelledBy")).isEqualTo(patient.getString("id"));
    assertThat(event.getLong("hoursBeforeStart")).isBetween(59L, 61L);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE payload->>'appointmentId' = ? AND kind = 'appointment.cancellation'", id))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("PATCH names every field that cannot be changed (status, patientId, ids) in one 400")
  void patchRejectsFieldsItDoesNotChange() {
    Clinic clinic = Clinic.create("Patch Fields");
    String token = Clinic.patient(api, "Patch Patient").getString("token");
    String id = data(api.post("/api/v1/appointments", token, clinic.booking(hoursAhead(50))), 201).getString("id");
    HttpResponse<Buffer> response = api.call(HttpMethod.PATCH, "/api/v1/appointments/" + id, token, new JsonObject()
        .put("status", "completed").put("patientId", UUID.randomUUID().toString()).put("id", id).put("notes", "fine"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field"))).containsExactlyInAnyOrder("id", "patientId", "status");
    assertThat(Accounts.value("SELECT notes FROM appointments WHERE id = ?::uuid", id)).isNull();
  }
}
