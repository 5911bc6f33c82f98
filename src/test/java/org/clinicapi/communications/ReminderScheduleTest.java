package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Reminder schedule: the communications verticle runs the job every JOBS_INTERVAL_SECONDS and the dispatcher sends at once")
class ReminderScheduleTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("JOBS_INTERVAL_SECONDS", 1).put("OUTBOX_POLL_MS", 60_000));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("an appointment in an hour, booked days ago, gets its 2h reminder queued by the server's own job and sent")
  void serverJobQueuesAndWakesDispatcher() {
    Clinic clinic = Clinic.create("Schedule Clinic");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    UUID id = ReminderRows.insert(clinic, ReminderRows.patient(false), now.plus(Duration.ofHours(1)), now.minus(Duration.ofDays(3)));
    Eventually.until(() -> "sent".equals(Accounts.value(
        "SELECT status FROM outbox WHERE kind = 'appointment.reminder' AND payload->>'appointmentId' = ?", id.toString())));
    // The dispatcher polls once a minute here: sent within seconds means the job's wake-up reached it.
    assertThat(ReminderRows.count(id, "email", 120)).isEqualTo(1);
  }
}
