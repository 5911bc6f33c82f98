package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.appointments.api.AppointmentView;
import org.clinicapi.support.Clinic;
import org.clinicapi.appointments.api.NewAppointment;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.IdempotentRequest;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("A booking is one transaction of few round trips, its rules read under the provider's lock, its override check indexed")
class BookingTransactionTest {
  /** Long enough for a booking or a time-off write that does not wait to have answered (they take milliseconds). */
  private static final long WAIT_MS = 700;
  private static TestServer server;
  private static ApiClient api;
  private static Pool pool;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(PgConnectOptions.fromUri(TestEnvironment.databaseUrl())
        .setCachePreparedStatements(true)).using(vertx).build();
  }

  @AfterAll
  static void stop() {
    ApiClient.await(pool.close());
    server.close();
  }

  @Test
  @DisplayName("a booking with an Idempotency-Key: BEGIN, claim + lock + rules (pipelined), one booking statement, the answer, COMMIT")
  void fiveRoundTrips() {
    Booker booker = Booker.create("Round Trips");
    CountingPool counting = new CountingPool();

    AppointmentView view = ApiClient.await(service(counting.wrap(pool)).create(booker.booking(30, null,
        new IdempotentRequest("test", UUID.randomUUID().toString(), "f"))));

    assertThat(view.endsAt()).isEqualTo(view.startsAt().plusSeconds(1800));
    assertThat(counting.statements()).as("statements, in order (the success event, absent here, is one more beside the answer)")
        .hasSize(7).startsWith("BEGIN").endsWith("COMMIT");
    assertThat(counting.statements().get(1)).contains("INSERT INTO idempotency_records");
    assertThat(counting.statements().get(2)).contains("FOR KEY SHARE");
    assertThat(counting.roundTrips()).as("round trips: %s", counting.statements()).isEqualTo(5);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE payload->>'appointmentId' = ?", view.id().toString())).isEqualTo(1);
  }

  @Test
  @DisplayName("a booking without a key: BEGIN, lock + rules (pipelined), the booking statement + its success event (pipelined), COMMIT")
  void fourRoundTripsWithTheEventBesideTheBooking() {
    Booker booker = Booker.create("Round Trips Audited");
    UUID patient = booker.patient();
    CountingPool counting = new CountingPool();

    AppointmentView view = ApiClient.await(service(counting.wrap(pool)).create(booker.booking(31, booker.success(), null)));

    assertThat(counting.statements()).as("statements, in order").hasSize(6).startsWith("BEGIN").endsWith("COMMIT");
    assertThat(counting.statements().get(4)).contains("INSERT INTO audit_events");
    assertThat(counting.roundTrips()).as("round trips: %s", counting.statements()).isEqualTo(4);
    assertThat(view.id().version()).as("a time-ordered id, made before the insert").isEqualTo(7);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE resource_id = ? AND patient_id = ?::uuid AND action = 'appointment.create'",
        view.id().toString(), patient.toString())).isEqualTo(1);
  }

  @Test
  @DisplayName("a booking refused by the exclusion constraint takes its pipelined success event with it")
  void aTakenSlotLeavesNoEvent() {
    Booker booker = Booker.create("Taken Audited");
    AppointmentsServiceImpl service = service(pool);
    AuditEvent success = booker.success();
    ApiClient.await(service.create(booker.booking(33, null, null)));

    Future<AppointmentView> second = service.create(booker.booking(33, success, null));

    Throwable refused = second.toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
    assertThat(refused).as("the constraint's error, not the event's").isNotNull();
    assertThat(refused.toString()).contains("23P01");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ?", success.requestId())).isZero();
  }

  private static AppointmentsServiceImpl service(Pool sql) {
    return new AppointmentsServiceImpl(sql, sql, 600, new AppointmentEvents(server.vertx()));
  }

  /** A new clinic and patient, booking through the service directly. */
  private record Booker(Clinic clinic, UUID patient) {
    static Booker create(String name) {
      return new Booker(Clinic.create(name), UUID.fromString(Clinic.patient(api, name + " Patient").getString("id")));
    }

    NewAppointment booking(int hoursAhead, AuditEvent audit, IdempotentRequest key) {
      return new NewAppointment(patient, patient, clinic.provider(), clinic.location(), Instant.parse(hoursAhead(hoursAhead)), null,
          "Checkup", null, null, null, audit, key, true);
    }

    AuditEvent success() {
      return new AuditEvent(Instant.now(), patient, "patient", "appointment.create", "appointment", null, null,
          AuditEvent.SUCCESS, "127.0.0.1", "booking-test", UUID.randomUUID().toString());
    }
  }

  @Test
  @DisplayName("time off being added (provider locked) makes a booking of that time wait, then refuse it: the rules cannot race")
  void bookingWaitsForTimeOff() throws Exception {
    Clinic clinic = Clinic.create("Race Time Off");
    String patient = Clinic.patient(api, "Race Time Off Patient").getString("token");
    String start = hoursAhead(40);
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl())) {
      c.setAutoCommit(false);
      // What ProvidersServiceImpl.addTimeOff does first, then its insert, left uncommitted.
      run(c, "SELECT 1 FROM providers WHERE user_id = '" + clinic.provider() + "' FOR UPDATE");
      run(c, "INSERT INTO provider_time_off (provider_id, starts_at, ends_at) VALUES ('" + clinic.provider() + "', '" + start
          + "', '" + Instant.parse(start).plusSeconds(3600) + "')");
      Future<HttpResponse<Buffer>> booking = send(HttpMethod.POST, "/api/v1/appointments", patient, clinic.booking(start));

      Thread.sleep(WAIT_MS);
      assertThat(booking.isComplete()).as("the booking waits for the time off's transaction").isFalse();
      c.commit();

      HttpResponse<Buffer> answer = booking.await(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
      assertThat(answer.bodyAsString()).contains("time off");
    }
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isZero();
  }

  @Test
  @DisplayName("adding time off waits for a booking in progress (provider key-shared) and succeeds after it")
  void timeOffWaitsForBooking() throws Exception {
    UUID location = Accounts.location("Race Booking");
    String email = Accounts.user(Role.PROVIDER, location);
    UUID provider = Accounts.idOf(email);
    Accounts.update("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency) VALUES (?, now(), ?, 'GP', 100, 'usd')", provider, provider);
    String token = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    JsonObject off = new JsonObject().put("startsAt", hoursAhead(50)).put("endsAt", hoursAhead(52)).put("reason", "Conference");
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl())) {
      c.setAutoCommit(false);
      // What a booking does before it reads the rules (scheduling.api.BookingRules).
      run(c, "SELECT 1 FROM providers WHERE user_id = '" + provider + "' FOR KEY SHARE");
      Future<HttpResponse<Buffer>> added = send(HttpMethod.POST, "/api/v1/providers/" + provider + "/time-off", token, off);

      Thread.sleep(WAIT_MS);
      assertThat(added.isComplete()).as("the time off waits for the booking's transaction").isFalse();
      c.commit();

      HttpResponse<Buffer> answer = added.await(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    }
  }

  @Test
  @DisplayName("a reschedule follows the booking rules in its transaction: into time off is 400, one slot by default, notes alone skip them")
  void rescheduleFollowsTheRules() {
    Clinic clinic = Clinic.create("Reschedule Rules");
    String patient = Clinic.patient(api, "Reschedule Rules Patient").getString("token");
    String id = data(api.post("/api/v1/appointments", patient, clinic.booking(hoursAhead(40))), 201).getString("id");
    Accounts.update("INSERT INTO provider_time_off (provider_id, starts_at, ends_at) VALUES (?, ?::timestamptz, ?::timestamptz)",
        clinic.provider(), hoursAhead(70), hoursAhead(72));
    String path = "/api/v1/appointments/" + id;

    HttpResponse<Buffer> intoTimeOff = api.call(HttpMethod.PATCH, path, patient, new JsonObject().put("startsAt", hoursAhead(71)));
    JsonObject moved = data(api.call(HttpMethod.PATCH, path, patient, new JsonObject().put("startsAt", hoursAhead(50))), 200);
    // Time off over the appointment's own time: changing the notes only is not a new time, so no rules apply.
    Accounts.update("INSERT INTO provider_time_off (provider_id, starts_at, ends_at) VALUES (?, ?::timestamptz, ?::timestamptz)",
        clinic.provider(), hoursAhead(50), hoursAhead(51));
    JsonObject noted = data(api.call(HttpMethod.PATCH, path, patient, new JsonObject().put("notes", "bring results")), 200);

    assertThat(intoTimeOff.statusCode()).as(intoTimeOff.bodyAsString()).isEqualTo(400);
    assertThat(intoTimeOff.bodyAsString()).contains("time off");
    assertThat(moved.getString("endsAt")).isEqualTo(Instant.parse(hoursAhead(50)).plusSeconds(1800).toString());
    assertThat(noted.getString("startsAt")).isEqualTo(hoursAhead(50));
    assertThat(noted.getString("notes")).isEqualTo("bring results");
  }

  @Test
  @DisplayName("staff booking for a user who is not an active patient: 400 naming patientId, nothing written")
  void notAPatient() {
    Clinic clinic = Clinic.create("Not A Patient");
    String nurse = Clinic.staffToken(api, Role.NURSE, clinic.location());
    HttpResponse<Buffer> answer = api.post("/api/v1/appointments", nurse,
        clinic.booking(hoursAhead(30)).put("patientId", clinic.provider().toString()));

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.bodyAsString()).contains("\"field\":\"patientId\"");
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isZero();
  }

  @Test
  @DisplayName("the override check of the booking statement can use appointments_override_idx (V10), not a scan of the provider's rows")
  void overrideCheckUsesItsIndex() throws Exception {
    Clinic clinic = Clinic.create("Override Index");
    String start = hoursAhead(30);
    data(api.post("/api/v1/appointments", Clinic.patient(api, "Override Index Patient").getString("token"), clinic.booking(start)), 201);
    StringBuilder plan = new StringBuilder();
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); Statement s = c.createStatement()) {
      // A test database is tiny: without this the planner would rightly scan the table; the question is whether the index fits.
      s.execute("SET enable_seqscan = off");
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE book(uuid, uuid, timestamptz, timestamptz, boolean, uuid, text, text, uuid, text, text, jsonb, uuid) AS "
          + AppointmentsRepository.BOOK);
      try (ResultSet rows = s.executeQuery("EXPLAIN EXECUTE book(NULL, '" + clinic.provider() + "', '" + start + "', '"
          + Instant.parse(start).plusSeconds(1800) + "', true, '" + clinic.location() + "', 'x', NULL, '" + clinic.provider()
          + "', NULL, 'k', '{}', '" + UUID.randomUUID() + "')")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("appointments_override_idx");
  }

  private static Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String token, JsonObject body) {
    return api.request(method, path).putHeader("Authorization", "Bearer " + token).sendJsonObject(body);
  }

  private static void run(Connection c, String sql) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    }
  }
}
