package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;
import static org.clinicapi.support.Clinic.errorCode;
import static org.clinicapi.support.Clinic.hoursAhead;

@ExtendWith(VertxExtension.class)
@DisplayName("Holds: taken for everyone else, bookable by their creator, freed by expiry alone; free slots hide booked and held times")
class AppointmentHoldsTest {
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

  private static JsonObject hold(Clinic clinic, String start) {
    return new JsonObject().put("providerId", clinic.provider().toString()).put("locationId", clinic.location().toString())
        .put("startsAt", start);
  }

  @Test
  @DisplayName("a hold blocks other patients (booking and holding), not its creator, who books it as the same row")
  void holdIsTakenForOthersAndBookableByItsCreator() {
    Clinic clinic = Clinic.create("Holds");
    String alice = Clinic.patient(api, "Hold Alice").getString("token");
    String bob = Clinic.patient(api, "Hold Bob").getString("token");
    String start = hoursAhead(70);

    JsonObject held = data(api.post("/api/v1/appointments/holds", alice, hold(clinic, start)), 201);
    Duration ttl = Duration.between(Instant.now(), Instant.parse(held.getString("expiresAt")));
    assertThat(ttl).isBetween(Duration.ofSeconds(280), Duration.ofSeconds(301));

    HttpResponse<Buffer> bobBooks = api.post("/api/v1/appointments", bob, clinic.booking(start));
    HttpResponse<Buffer> bobHolds = api.post("/api/v1/appointments/holds", bob, hold(clinic, start));
    HttpResponse<Buffer> bobTakesHold = api.post("/api/v1/appointments", bob, clinic.booking(start).put("holdId", held.getString("holdId")));
    assertThat(errorCode(bobBooks)).isEqualTo("SLOT_TAKEN");
    assertThat(errorCode(bobHolds)).isEqualTo("SLOT_TAKEN");
    assertThat(bobTakesHold.statusCode()).isEqualTo(400);
    assertThat(bobTakesHold.bodyAsString()).contains("\"field\":\"holdId\"");
    assertThat(api.get("/api/v1/appointments/" + held.getString("holdId"), alice).statusCode()).as("a hold is not an appointment")
        .isEqualTo(404);

    JsonObject booked = data(api.post("/api/v1/appointments", alice, clinic.booking(start).put("holdId", held.getString("holdId"))), 201);
    assertThat(booked.getString("id")).isEqualTo(held.getString("holdId"));
    assertThat(booked.getString("status")).isEqualTo("scheduled");
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE provider_id = ?", clinic.provider())).isEqualTo(1);
  }

  @Test
  @DisplayName("an expired hold frees the slot with no job: someone else books it, and the hold can no longer be booked")
  void expiredHoldFreesTheSlot() {
    Clinic clinic = Clinic.create("Expiry");
    String alice = Clinic.patient(api, "Expiry Alice").getString("token");
    String bob = Clinic.patient(api, "Expiry Bob").getString("token");
    String start = hoursAhead(75);
    String holdId = data(api.post("/api/v1/appointments/holds", alice, hold(clinic, start)), 201).getString("holdId");
    Accounts.update("UPDATE appointments SET hold_expires_at = now() - interval '1 second' WHERE id = ?::uuid", holdId);

    data(api.post("/api/v1/appointments", bob, clinic.booking(start)), 201);
    HttpResponse<Buffer> late = api.post("/api/v1/appointments", alice, clinic.booking(start).put("holdId", holdId));

    assertThat(late.statusCode()).isEqualTo(400);
    assertThat(Accounts.count("SELECT count(*) FROM appointments WHERE id = ?::uuid", holdId)).as("deleted by the booking").isZero();
  }

  @Test
  @DisplayName("GET /providers/{id}/slots hides booked and held slots but shows those of expired holds and cancelled appointments")
  void slotsHideBookedAndHeld() {
    Clinic clinic = Clinic.create("Busy Slots");
    String patient = Clinic.patient(api, "Slots Patient").getString("token");
    // 10:00 in the clinic's zone five days ahead: the four hours after it stay inside its 00:00-23:59 day, whatever
    // the time the test runs (from 22:00 local on, the last slot would end past 23:59 and not be offered).
    ZoneId detroit = ZoneId.of("America/Detroit");
    Instant base = LocalDate.now(detroit).plusDays(5).atTime(10, 0).atZone(detroit).toInstant();
    data(api.post("/api/v1/appointments", patient, clinic.booking(base.toString())), 201);
    data(api.post("/api/v1/appointments/holds", patient, hold(clinic, base.plusSeconds(3600).toString())), 201);
    String expired = data(api.post("/api/v1/appointments/holds", patient, hold(clinic, base.plusSeconds(7200).toString())), 201)
        .getString("holdId");
    Accounts.update("UPDATE appointments SET hold_expires_at = now() - interval '1 second' WHERE id = ?::uuid", expired);
    String cancelled = data(api.post("/api/v1/appointments", patient, clinic.booking(base.plusSeconds(10800).toString())), 201).getString("id");
    data(api.post("/api/v1/appointments/" + cancelled + "/cancel", patient, new JsonObject()), 200);

    HttpResponse<Buffer> response = api.get("/api/v1/providers/" + clinic.provider() + "/slots?locationId=" + clinic.location()
        + "&from=" + base + "&to=" + base.plusSeconds(4 * 3600), patient);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    List<Instant> starts = response.bodyAsJsonObject().getJsonArray("data").stream().map(s -> OffsetDateTime.parse(((JsonObject) s).getString("startsAt")).toInstant())
        .toList();

    assertThat(starts).as("booked at base, held at base + 1 h").doesNotContain(base, base.plusSeconds(3600))
        .as("free, expired hold, cancelled").contains(base.plusSeconds(1800), base.plusSeconds(5400), base.plusSeconds(7200),
            base.plusSeconds(10800));
  }
}
