package org.clinicapi.scheduling;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Free slots over HTTP: the location's zone across daylight-saving changes, minus time off, bounded window")
class SlotsRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID detroit;
  private static UUID london;
  private static UUID providerId;
  private static String provider;
  private static String patient;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    detroit = Accounts.location("Slots Detroit");
    london = (UUID) Accounts.value("INSERT INTO locations (name, time_zone) VALUES (?, 'Europe/London') RETURNING id", "Slots London");
    String email = Accounts.user(Role.PROVIDER, detroit, london);
    providerId = Accounts.idOf(email);
    provider = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    patient = api.registerPatient("Slot Seeker").getString("accessToken");
    expectStatus(200, api.call(HttpMethod.PUT, base(), provider, ProvidersRoutesTest.profile(12500, "usd", detroit, london)));
    JsonArray hours = new JsonArray()
        .add(new JsonObject().put("locationId", detroit.toString()).put("weekday", 7).put("start", "09:00").put("end", "17:00"))
        .add(new JsonObject().put("locationId", london.toString()).put("weekday", 7).put("start", "09:00").put("end", "17:00"));
    expectStatus(200, api.call(HttpMethod.PUT, base() + "/schedule", provider, new JsonObject().put("slotMinutes", 30).put("hours", hours)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String base() {
    return "/api/v1/providers/" + providerId;
  }

  private static void expectStatus(int status, HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
  }

  /** Slots of one UTC day at one location. */
  private static List<JsonObject> slots(UUID location, String date) {
    LocalDate day = LocalDate.parse(date);
    HttpResponse<Buffer> response = api.get(base() + "/slots?locationId=" + location + "&from=" + day + "T00:00:00Z&to="
        + day.plusDays(1) + "T00:00:00Z", patient);
    expectStatus(200, response);
    return response.bodyAsJsonObject().getJsonArray("data").stream().map(JsonObject.class::cast).toList();
  }

  private static void assertDay(UUID location, String zone, String date, String offset) {
    List<JsonObject> slots = slots(location, date);
    assertThat(slots).as("%s on %s", zone, date).hasSize(16);
    for (int i = 0; i < slots.size(); i++) {
      LocalTime local = LocalTime.of(9, 0).plusMinutes(30L * i);
      OffsetDateTime start = OffsetDateTime.parse(slots.get(i).getString("startsAt"));
      assertThat(slots.get(i).getString("startsAt")).isEqualTo(date + "T" + local + ":00" + offset);
      assertThat(start.toInstant()).as("UTC-consistent").isEqualTo(LocalDate.parse(date).atTime(local).atZone(ZoneId.of(zone)).toInstant());
      assertThat(OffsetDateTime.parse(slots.get(i).getString("endsAt")).toInstant()).isEqualTo(start.toInstant().plusSeconds(1800));
      assertThat(slots.get(i).getString("locationId")).isEqualTo(location.toString());
    }
    assertThat(slots.get(15).getString("startsAt")).isEqualTo(date + "T16:30:00" + offset);
  }

  @Test
  @DisplayName("Detroit spring forward (2026-03-08) and fall back (2026-11-01): 16 slots from local 09:00 to 16:30, -04:00 then -05:00")
  void detroitDstDays() {
    assertDay(detroit, "America/Detroit", "2026-03-08", "-04:00");
    assertDay(detroit, "America/Detroit", "2026-11-01", "-05:00");
    assertThat(slots(detroit, "2026-03-08").get(0).getString("startsAt")).as("13:00 UTC").isEqualTo("2026-03-08T09:00:00-04:00");
  }

  @Test
  @DisplayName("London spring forward (2026-03-29) and fall back (2026-10-25): 16 slots from local 09:00 to 16:30, +01:00 then +00:00")
  void londonDstDays() {
    assertDay(london, "Europe/London", "2026-03-29", "+01:00");
    assertDay(london, "Europe/London", "2026-10-25", "+00:00");
  }

  @Test
  @DisplayName("time off removes exactly the slots it overlaps (even partly) and deleting it gives them back")
  void timeOffRemovesOverlappingSlots() {
    HttpResponse<Buffer> created = api.post(base() + "/time-off", provider, new JsonObject().put("locationId", detroit.toString())
        .put("startsAt", "2026-11-01T12:15:00-05:00").put("endsAt", "2026-11-01T13:15:00-05:00").put("reason", "dentist"));
    expectStatus(201, created);
    String timeOffId = created.bodyAsJsonObject().getJsonObject("data").getString("id");

    List<String> starts = slots(detroit, "2026-11-01").stream().map(s -> s.getString("startsAt").substring(11, 16)).toList();
    assertThat(starts).hasSize(13).doesNotContain("12:00", "12:30", "13:00").contains("11:30", "13:30");
    assertThat(slots(london, "2026-10-25")).as("time off at Detroit leaves London alone").hasSize(16);

    expectStatus(204, api.call(HttpMethod.DELETE, base() + "/time-off/" + timeOffId, provider, null));
    assertThat(slots(detroit, "2026-11-01")).hasSize(16);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action LIKE 'provider.time_off_%'", providerId))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("a window over 31 days, or to before from, is a 400 naming 'to'; exactly 31 days is fine")
  void windowIsBounded() {
    HttpResponse<Buffer> tooLong = api.get(base() + "/slots?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:01Z", patient);
    HttpResponse<Buffer> backwards = api.get(base() + "/slots?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", patient);
    HttpResponse<Buffer> missing = api.get(base() + "/slots?from=yesterday", patient);
    HttpResponse<Buffer> month = api.get(base() + "/slots?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z", patient);

    expectStatus(400, tooLong);
    assertThat(tooLong.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("to");
    expectStatus(400, backwards);
    expectStatus(400, missing);
    expectStatus(200, month);
    HttpResponse<Buffer> unencodedPlus = api.get(base() + "/slots?locationId=" + london
        + "&from=2026-03-29T00:00:00+01:00&to=2026-03-30T00:00:00+01:00", patient);
    expectStatus(200, unencodedPlus);
    assertThat(unencodedPlus.bodyAsJsonObject().getJsonArray("data")).hasSize(16);
    assertThat(month.bodyAsJsonObject().getJsonArray("data")).as("5 Sundays x 2 locations x 16").hasSize(160);
  }
}
