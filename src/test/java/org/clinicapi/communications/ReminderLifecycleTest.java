package org.clinicapi.communications;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
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

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.communications.ReminderRows.count;
import static org.clinicapi.support.ApiClient.await;

/**
 * Reminders and what happens to their appointment: cancelled or moved through the API (the real server's
 * dispatcher then refuses a reminder already queued), and the quiet hours of the location's zone.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Reminder lifecycle: cancelling disarms, rescheduling re-arms, quiet hours hold SMS reminders")
class ReminderLifecycleTest {
  private static TestServer server;
  private static ApiClient api;
  private static Pool pool;
  private static ReminderJob job;
  private static Clinic clinic;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject().put("JOBS_INTERVAL_SECONDS", 86_400).put("OUTBOX_POLL_MS", 200)
        .put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
    pool = ReminderRows.pool(vertx);
    job = ReminderRows.job(vertx, pool, ReminderJob.BATCH_SIZE);
    clinic = Clinic.create("Lifecycle Clinic");
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    server.close();
  }

  @Test
  @DisplayName("cancelled before its reminders are due: none is queued")
  void cancelledBeforeDue() {
    JsonObject patient = Clinic.patient(api, "Cancelling Patient");
    Instant start = Instant.parse(Clinic.hoursAhead(30));
    UUID id = book(patient, start);
    Clinic.data(api.post("/api/v1/appointments/" + id + "/cancel", patient.getString("token"), new JsonObject()), 200);
    await(job.run(start.minus(Duration.ofHours(24))));
    await(job.run(start.minus(Duration.ofHours(2))));
    assertThat(count(id)).isZero();
  }

  @Test
  @DisplayName("cancelled after its reminder was queued: the dispatcher refuses it as APPOINTMENT_CHANGED")
  void queuedThenCancelledIsRefused() {
    JsonObject patient = Clinic.patient(api, "Late Canceller");
    Instant start = Instant.parse(Clinic.hoursAhead(31));
    UUID id = book(patient, start);
    await(job.run(start.minus(Duration.ofHours(24))));
    assertThat(count(id)).isEqualTo(1);
    Clinic.data(api.post("/api/v1/appointments/" + id + "/cancel", patient.getString("token"), new JsonObject()), 200);
    assertThat(dispatched(id)).isEqualTo("failed:APPOINTMENT_CHANGED");
  }

  @Test
  @DisplayName("rescheduled: reminders come again for the new start, and the one queued for the old start is refused")
  void rescheduleRearms() {
    JsonObject patient = Clinic.patient(api, "Moving Patient");
    Instant start = Instant.parse(Clinic.hoursAhead(32));
    UUID id = book(patient, start);
    await(job.run(start.minus(Duration.ofHours(24))));
    Instant moved = start.plus(Duration.ofHours(20));
    Clinic.data(api.call(HttpMethod.PATCH, "/api/v1/appointments/" + id, patient.getString("token"),
        new JsonObject().put("startsAt", moved.toString())), 200);
    assertThat(await(job.run(start.minus(Duration.ofHours(23))))).as("the new start's 24h reminder is not due yet").isZero();
    await(job.run(moved.minus(Duration.ofHours(24))));
    assertThat(ReminderRows.countFor(id, start)).isEqualTo(1);
    assertThat(ReminderRows.countFor(id, moved)).isEqualTo(1);
    assertThat(dispatched(id, start)).isEqualTo("failed:APPOINTMENT_CHANGED");
  }

  @Test
  @DisplayName("an SMS reminder due at 23:00 local waits until 08:00 local, e-mail does not; one whose appointment starts first goes now")
  void quietHoursHoldSms() {
    UUID patient = ReminderRows.patient(true);
    Instant nextEvening = Instant.parse("2031-01-17T04:00:00Z"); // 2031-01-16 23:00 EST
    Instant nextNight = Instant.parse("2031-01-16T06:00:00Z"); // 2031-01-16 01:00 EST
    UUID held = ReminderRows.insert(clinic, patient, nextEvening, Instant.now());
    UUID early = ReminderRows.insert(clinic, patient, nextNight, Instant.now());
    Instant now = Instant.parse("2031-01-16T04:00:00Z"); // 2031-01-15 23:00 EST: 24 h before one, 2 h before the other
    await(job.run(now));
    assertThat(ReminderRows.availableAt(held, "sms")).isEqualTo(Instant.parse("2031-01-16T13:00:00Z")); // 08:00 EST
    assertThat(ReminderRows.availableAt(held, "email")).isEqualTo(now);
    assertThat(count(early, "sms", 120)).isEqualTo(1);
    assertThat(ReminderRows.availableAt(early, "sms")).as("08:00 is after its 01:00 start").isEqualTo(now);
  }

  /** Booked through the API by a registered patient (no phone number: e-mail only). */
  private static UUID book(JsonObject patient, Instant start) {
    JsonObject booked = Clinic.data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(start.toString())), 201);
    return UUID.fromString(booked.getString("id"));
  }

  private static String dispatched(UUID appointment) {
    return dispatched(appointment, null);
  }

  /**
   * Makes the appointment's queued reminders (of {@code start}, or all) due now, wakes the server's dispatcher
   * and waits for their outcome: "status:last_error_code" of the first.
   */
  private static String dispatched(UUID appointment, Instant start) {
    String rows = " WHERE kind = 'appointment.reminder' AND payload->>'appointmentId' = ?"
        + " AND (?::timestamptz IS NULL OR (payload->>'startsAt')::timestamptz = ?::timestamptz)";
    Object at = start == null ? null : ReminderRows.utc(start);
    Accounts.update("UPDATE outbox SET available_at = now()" + rows, appointment.toString(), at, at);
    server.vertx().eventBus().publish(Addresses.COMMUNICATIONS_WAKE, null);
    String select = "SELECT status || ':' || coalesce(last_error_code, '') FROM outbox" + rows + " LIMIT 1";
    Eventually.until(() -> !((String) Accounts.value(select, appointment.toString(), at, at)).startsWith("queued"));
    return (String) Accounts.value(select, appointment.toString(), at, at);
  }
}
