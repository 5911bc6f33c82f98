package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.communications.ReminderRows.count;
import static org.clinicapi.support.ApiClient.await;

/**
 * The reminder job against the real database, run at chosen instants (its run method takes {@code now}).
 * The server only migrates the database and books; its own job runs once at start, before any appointment.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Reminder job: due reminders are queued once per appointment, offset and wanted channel")
class ReminderJobTest {
  private static TestServer server;
  private static ApiClient api;
  private static Pool pool;
  private static Pool otherPool;
  private static ReminderJob job;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject().put("JOBS_INTERVAL_SECONDS", 86_400).put("LOGIN_MAX_FAILURES", 1000)
        .put("RATE_LIMIT_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
    pool = ReminderRows.pool(vertx);
    otherPool = ReminderRows.pool(vertx);
    job = ReminderRows.job(vertx, pool, ReminderJob.BATCH_SIZE);
  }

  @AfterAll
  static void stop() {
    await(Future.all(pool.close(), otherPool.close()));
    server.close();
  }

  @Test
  @DisplayName("a booking 30 h ahead gets its 24h reminders at start−24h (not a second before), once; then its 2h ones")
  void bookingGetsEachReminderOnce() {
    Clinic clinic = Clinic.create("Reminder Clinic");
    JsonObject patient = Clinic.patient(api, "Reminder Patient");
    ReminderRows.withPhone(UUID.fromString(patient.getString("id")));
    String start = Clinic.hoursAhead(30);
    UUID id = UUID.fromString(Clinic.data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(start)), 201)
        .getString("id"));
    Instant startsAt = Instant.parse(start);

    assertThat(await(job.run(startsAt.minus(Duration.ofHours(24)).minusSeconds(1)))).isZero();
    assertThat(await(job.run(startsAt.minus(Duration.ofHours(24))))).isEqualTo(2);
    assertThat(await(job.run(startsAt.minus(Duration.ofHours(23))))).as("the second run changes nothing").isZero();
    assertThat(count(id, "sms", 1440)).isEqualTo(1);
    assertThat(count(id, "email", 1440)).isEqualTo(1);
    JsonObject payload = ReminderRows.payload(id, "sms", 1440);
    assertThat(payload.getString("startsAt")).as("as the confirmation notices write it").isEqualTo(start);
    assertThat(payload.getString("endsAt")).isEqualTo(startsAt.plus(Duration.ofMinutes(30)).toString());
    assertThat(payload.getString("locationId")).isEqualTo(clinic.location().toString());
    assertThat(payload.getString("providerId")).isEqualTo(clinic.provider().toString());
    assertThat(payload.getString("timeZone")).isEqualTo("America/Detroit");

    assertThat(await(job.run(startsAt.minus(Duration.ofHours(2))))).isEqualTo(2);
    assertThat(await(job.run(startsAt.minus(Duration.ofMinutes(1))))).isZero();
    assertThat(count(id, "sms", 120)).isEqualTo(1);
    assertThat(count(id, "email", 120)).isEqualTo(1);
    assertThat(count(id)).isEqualTo(4);
  }

  @Test
  @DisplayName("only the channels the patient wants: no phone means e-mail only; SMS turned off means e-mail only")
  void onlyWantedChannels() {
    Clinic clinic = Clinic.create("Channels Clinic");
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
    UUID noPhone = ReminderRows.insert(clinic, ReminderRows.patient(false), start, Instant.now());
    UUID smsOff = ReminderRows.patient(true);
    Accounts.update("UPDATE users SET notify_sms = false WHERE id = ?", smsOff);
    UUID emailOnly = ReminderRows.insert(clinic, smsOff, start.plus(Duration.ofHours(1)), Instant.now());
    await(job.run(start.minus(Duration.ofHours(24))));
    assertThat(count(noPhone)).isEqualTo(1);
    assertThat(count(noPhone, "email", 1440)).isEqualTo(1);
    assertThat(count(emailOnly)).as("its 24h reminder is not due yet").isZero();
    await(job.run(start.plus(Duration.ofHours(1)).minus(Duration.ofHours(24))));
    assertThat(count(emailOnly, "email", 1440)).isEqualTo(1);
    assertThat(count(emailOnly)).isEqualTo(1);
  }

  @Test
  @DisplayName("two jobs on two pools running at once (two processes) queue each reminder once")
  void concurrentJobsQueueOnce(Vertx vertx) {
    Clinic clinic = Clinic.create("Race Clinic");
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(4));
    UUID a = ReminderRows.insert(clinic, ReminderRows.patient(true), start, Instant.now());
    UUID b = ReminderRows.insert(clinic, ReminderRows.patient(true), start.plus(Duration.ofHours(1)), Instant.now());
    ReminderJob other = ReminderRows.job(vertx, otherPool, 1);
    Instant now = start.minus(Duration.ofHours(23));
    for (int i = 0; i < 3; i++) {
      await(Future.all(job.run(now), other.run(now)));
    }
    assertThat(count(a)).isEqualTo(2);
    assertThat(count(b)).isEqualTo(2);
  }

  @Test
  @DisplayName("a run works in bounded batches and goes on while a batch comes back full")
  void batchesUntilDone(Vertx vertx) {
    Clinic clinic = Clinic.create("Batch Clinic");
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(5));
    UUID[] ids = new UUID[3];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ReminderRows.insert(clinic, ReminderRows.patient(true), start.plus(Duration.ofHours(i)), Instant.now());
    }
    assertThat(await(ReminderRows.job(vertx, otherPool, 2).run(start.plus(Duration.ofHours(2)).minus(Duration.ofHours(24)))))
        .isEqualTo(6);
    for (UUID id : ids) {
      assertThat(count(id)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("an offset already past at booking is skipped: booked 1 h ahead, no 2h (nor 24h) reminder; booked 3 h ahead, the 2h one")
  void passedOffsetsSkipped() {
    Clinic clinic = Clinic.create("Late Clinic");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    UUID late = ReminderRows.insert(clinic, ReminderRows.patient(true), now.plus(Duration.ofHours(1)), now);
    UUID early = ReminderRows.insert(clinic, ReminderRows.patient(true), now.plus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    await(job.run(now.plus(Duration.ofMinutes(30))));
    await(job.run(now.plus(Duration.ofMinutes(59))));
    assertThat(count(late)).isZero();
    assertThat(count(early, "sms", 120)).isEqualTo(1);
    assertThat(count(early)).as("the 24h offset was past when it was booked").isEqualTo(2);
  }

  @Test
  @DisplayName("reminders that fell due while no server ran: only the shortest due offset, only if the appointment is still ahead")
  void missedRemindersCatchUp() {
    Clinic clinic = Clinic.create("Downtime Clinic");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant booked = now.minus(Duration.ofDays(3));
    UUID ahead = ReminderRows.insert(clinic, ReminderRows.patient(true), now.plus(Duration.ofHours(1)), booked);
    UUID begun = ReminderRows.insert(clinic, ReminderRows.patient(true), now.minus(Duration.ofMinutes(10)), booked);
    await(job.run(now));
    assertThat(count(ahead, "sms", 120)).isEqualTo(1);
    assertThat(count(ahead)).as("the stale 24h reminder is not sent beside the 2h one").isEqualTo(2);
    assertThat(count(begun)).isZero();
  }

  @Test
  @DisplayName("across the spring-forward change (2031-03-09) the 24h reminder is due exactly 24 h before the start, not one calendar day")
  void dayOffsetIsADuration() {
    Clinic clinic = Clinic.create("DST Clinic");
    Instant start = Instant.parse("2031-03-09T15:00:00Z"); // 11:00 EDT; 24 h earlier is 10:00 EST on the 8th
    UUID id = ReminderRows.insert(clinic, ReminderRows.patient(false), start, Instant.now());
    await(job.run(start.minus(Duration.ofHours(24)).minusSeconds(1)));
    assertThat(count(id)).isZero();
    await(job.run(start.minus(Duration.ofHours(24))));
    assertThat(count(id, "email", 1440)).isEqualTo(1);
    assertThat(ReminderRows.availableAt(id, "email")).isEqualTo(Instant.parse("2031-03-08T15:00:00Z"));
  }
}
