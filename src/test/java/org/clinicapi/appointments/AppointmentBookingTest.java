package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("Booking: one winner per slot, validation naming every field, schedule rules, override, outbox and event in one transaction")
class AppointmentBookingTest {
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

  @Test
  @DisplayName("50 concurrent requests for one slot: exactly one 201 and 49 409 SLOT_TAKEN, one row in the database")
  void fiftyConcurrentBookingsOneWinner() {
    Clinic clinic = Clinic.create("Race");
    String patient = Clinic.patient(api, "Race Patient").getString("token");
    String start = hoursAhead(72);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(api.request(HttpMethod.POST, "/api/v1/appointments").putHeader("Authorization", "Bearer " + patient)
          .sendJsonObject(clinic.booking(start)));
    }
    ApiClient.await(Future.join(calls));
    List<Integer> statuses = calls.stream().map(c -> c.result().statusCode()).toList();
    assertThat(statuses.stream().filter(s -> s == 201).count()).as(statuses.toString()).isEqualTo(1);
    assertThat(calls.stream().filter(c -> c.result().statusCode() == 409).map(c -> errorCode(c.result())))
        .hasSize(49).containsOnly("SLOT_TAKEN");
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isEqualTo(1);
  }

  @Test
  @DisplayName("a bad body is a 400 naming every bad field at once")
  void validationNamesEveryField() {
    String patient = Clinic.patient(api, "Sloppy Patient").getString("token");
    JsonObject body = new JsonObject().put("providerId", "not-a-uuid").put("startsAt", "2020-01-01T10:00:00Z")
        .put("endsAt", "2020-01-01T09:00:00Z").put("notes", "x".repeat(501)).put("override", "please");
    HttpResponse<Buffer> response = api.post("/api/v1/appointments", patient, body);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray details = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(details.stream().map(d -> ((JsonObject) d).getString("field")).distinct())
        .containsExactlyInAnyOrder("providerId", "locationId", "startsAt", "endsAt", "reason", "notes", "override");
  }

  @Test
  @DisplayName("the provider's hours, locations and time off decide what is bookable; the end defaults to one slot")
  void scheduleRules() {
    Clinic clinic = Clinic.create("Rules");
    UUID elsewhere = Accounts.location("Rules Elsewhere");
    String patient = Clinic.patient(api, "Rules Patient").getString("token");
    String start = hoursAhead(50);

    HttpResponse<Buffer> wrongPlace = api.post("/api/v1/appointments", patient, clinic.booking(start).put("locationId", elsewhere.toString()));
    HttpResponse<Buffer> tooLong = api.post("/api/v1/appointments", patient, clinic.booking(start)
        .put("endsAt", Instant.parse(start).plusSeconds(25 * 3600).toString()));
    Accounts.update("INSERT INTO provider_time_off (provider_id, starts_at, ends_at) VALUES (?, ?::timestamptz, ?::timestamptz)",
        clinic.provider(), hoursAhead(60), hoursAhead(61));
    HttpResponse<Buffer> timeOff = api.post("/api/v1/appointments", patient, clinic.booking(hoursAhead(60)));

    assertThat(wrongPlace.statusCode()).isEqualTo(400);
    assertThat(wrongPlace.bodyAsString()).contains("\"field\":\"locationId\"");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.bodyAsString()).contains("outside the provider's hours");
    assertThat(timeOff.statusCode()).isEqualTo(400);
    assertThat(timeOff.bodyAsString()).contains("time off");
    JsonObject booked = data(api.post("/api/v1/appointments", patient, clinic.booking(start)), 201);
    assertThat(booked.getString("endsAt")).isEqualTo(Instant.parse(start).plusSeconds(1800).toString());
    assertThat(booked.getString("status")).isEqualTo("scheduled");
    assertThat(booked.getString("timeZone")).isEqualTo("America/Detroit");
  }

  @Test
  @DisplayName("staff book for a patient at their own location; another location is 403; naming no patient is 400")
  void staffBookAtTheirLocations() {
    Clinic clinic = Clinic.create("Staff Booking");
    String patientId = Clinic.patient(api, "Booked By Nurse").getString("id");
    String nurse = Clinic.staffToken(api, Role.NURSE, clinic.location());
    String stranger = Clinic.staffToken(api, Role.NURSE, Accounts.location("Staff Booking Other"));

    HttpResponse<Buffer> noPatient = api.post("/api/v1/appointments", nurse, clinic.booking(hoursAhead(30)));
    HttpResponse<Buffer> otherLocation = api.post("/api/v1/appointments", stranger, clinic.booking(hoursAhead(30)).put("patientId", patientId));
    JsonObject booked = data(api.post("/api/v1/appointments", nurse, clinic.booking(hoursAhead(30)).put("patientId", patientId)), 201);

    assertThat(noPatient.statusCode()).isEqualTo(400);
    assertThat(otherLocation.statusCode()).isEqualTo(403);
    assertThat(booked.getString("patientId")).isEqualTo(patientId);
  }

  @Test
  @DisplayName("override: a manager books over a conflict (flagged, audited); a nurse or patient asking for it gets 403")
  void overrideNeedsThePermission() {
    Clinic clinic = Clinic.create("Override");
    JsonObject patient = Clinic.patient(api, "Override Patient");
    String start = hoursAhead(40);
    data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(start)), 201);
    JsonObject over = clinic.booking(start).put("patientId", patient.getString("id")).put("override", new JsonObject().put("reason", "urgent"));
    String manager = Clinic.staffToken(api, Role.MANAGER, clinic.location());
    String nurse = Clinic.staffToken(api, Role.NURSE, clinic.location());

    HttpResponse<Buffer> plain = api.post("/api/v1/appointments", manager, clinic.booking(start).put("patientId", patient.getString("id")));
    HttpResponse<Buffer> byNurse = api.post("/api/v1/appointments", nurse, over);
    HttpResponse<Buffer> byPatient = api.post("/api/v1/appointments", patient.getString("token"),
        clinic.booking(start).put("override", new JsonObject().put("reason", "urgent")));
    JsonObject forced = data(api.post("/api/v1/appointments", manager, over), 201);

    assertThat(plain.statusCode()).isEqualTo(409);
    assertThat(errorCode(plain)).isEqualTo("SLOT_TAKEN");
    assertThat(byNurse.statusCode()).isEqualTo(403);
    assertThat(byPatient.statusCode()).isEqualTo(403);
    assertThat(forced.getJsonObject("override").getString("reason")).isEqualTo("urgent");
    assertThat(forced.getJsonObject("override").getString("by")).isNotNull();
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'appointment.override' AND resource_id = ? AND outcome = 'success'",
        forced.getString("id"))).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'appointment.override' AND outcome = 'denied'"
        + " AND actor_role = 'nurse'")).isGreaterThanOrEqualTo(1);
    HttpResponse<Buffer> afterOverride = api.post("/api/v1/appointments", manager,
        clinic.booking(Instant.parse(start).plusSeconds(900).toString()).put("patientId", patient.getString("id")));
    assertThat(errorCode(afterOverride)).as("an overridden booking still counts as taken").isEqualTo("SLOT_TAKEN");
  }

  @Test
  @DisplayName("a booking queues the confirmation per the patient's preferences and publishes appointments.event.booked after commit")
  void outboxAndEventAfterCreate() throws Exception {
    Clinic clinic = Clinic.create("Outbox");
    JsonObject patient = Clinic.patient(api, "Outbox Patient");
    Accounts.update("UPDATE users SET phone = '+13135550100' WHERE id = ?::uuid", patient.getString("id"));
    Promise<JsonObject> event = Promise.promise();
    server.vertx().eventBus().<JsonObject>consumer(Addresses.APPOINTMENTS_BOOKED, m -> {
      if (patient.getString("id").equals(m.body().getString("patientId"))) {
        event.tryComplete(m.body());
      }
    }).completion().await(10, TimeUnit.SECONDS);

    JsonObject booked = data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(hoursAhead(80))), 201);

    assertThat(event.future().await(10, TimeUnit.SECONDS).getString("id")).isEqualTo(booked.getString("id"));
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE user_id = ?::uuid AND kind = 'appointment.confirmation'"
        + " AND payload->>'appointmentId' = ?", patient.getString("id"), booked.getString("id"))).isEqualTo(2);
    Accounts.update("UPDATE users SET notify_sms = false WHERE id = ?::uuid", patient.getString("id"));
    data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(hoursAhead(81))), 201);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE user_id = ?::uuid AND channel = 'sms'", patient.getString("id")))
        .as("SMS turned off").isEqualTo(1);
  }

  @Test
  @DisplayName("when the outbox insert fails, neither the appointment nor any outbox row is left")
  void failedInsertLeavesNothing() {
    Clinic clinic = Clinic.create("Rollback");
    JsonObject patient = Clinic.patient(api, "Rollback Patient");
    String id = patient.getString("id");
    Accounts.update("""
        CREATE FUNCTION refuse_outbox_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.user_id = '%s' THEN RAISE EXCEPTION 'outbox refused by the test'; END IF;
          RETURN NEW;
        END $$""".formatted(id));
    Accounts.update("CREATE TRIGGER refuse_outbox_for_test BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox_for_test()");
    try {
      HttpResponse<Buffer> response = api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(hoursAhead(90)));
      assertThat(response.statusCode()).isEqualTo(500);
    } finally {
      Accounts.update("DROP TRIGGER refuse_outbox_for_test ON outbox");
      Accounts.update("DROP FUNCTION refuse_outbox_for_test()");
    }
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE patient_id = ?::uuid", id)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE user_id = ?::uuid AND kind LIKE 'appointment.%'", id)).isZero();
    data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(hoursAhead(90))), 201);
  }

  @Test
  @DisplayName("Idempotency-Key: a retry replays the same 201 instead of booking again or answering SLOT_TAKEN")
  void idempotentRetry() {
    Clinic clinic = Clinic.create("Idempotent");
    String patient = Clinic.patient(api, "Retry Patient").getString("token");
    JsonObject body = clinic.booking(hoursAhead(100));
    HttpResponse<Buffer> first = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/appointments")
        .putHeader("Authorization", "Bearer " + patient).putHeader("Idempotency-Key", "book-1").sendJsonObject(body));
    HttpResponse<Buffer> again = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/appointments")
        .putHeader("Authorization", "Bearer " + patient).putHeader("Idempotency-Key", "book-1").sendJsonObject(body));
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(data(again, 201).getString("id")).isEqualTo(data(first, 201).getString("id"));
  }
}
