package org.clinicapi.reports;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures of GET /reports/summary on the small known dataset of {@link ReportFixture} (March 2015). */
@ExtendWith(VertxExtension.class)
@DisplayName("The summary's figures match a small known dataset, each location counted in its own time zone")
class ReportSummaryTest {
  private static TestServer server;
  private static ApiClient api;
  private static ReportFixture data;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    data = ReportFixture.create();
    admin = Visits.token(api, Accounts.user(Role.SUPERADMIN));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject report(String query) {
    return Clinic.data(api.get("/api/v1/reports/summary?" + query, admin), 200);
  }

  @Test
  @DisplayName("one location: statuses, rates, utilisation less time off and DST, new patients, rating, money per currency")
  void oneLocationMonth() {
    JsonObject r = report("from=2015-03-01&to=2015-03-31&locationId=" + data.clinic());
    assertThat(r.getJsonObject("period")).isEqualTo(new JsonObject().put("from", "2015-03-01").put("to", "2015-03-31")
        .put("locationId", data.clinic().toString()).put("timeZone", "America/Detroit"));
    assertThat(r.getJsonObject("byStatus")).isEqualTo(new JsonObject().put("scheduled", 1).put("confirmed", 1)
        .put("checked_in", 1).put("completed", 4).put("cancelled", 2).put("no_show", 1));
    assertThat(r.getDouble("noShowRate")).isEqualTo(0.2);
    assertThat(r.getLong("lateCancellations")).isEqualTo(1);
    assertThat(r.getDouble("lateCancellationRate")).isEqualTo(0.1);
    assertThat(r.getLong("newPatients")).isEqualTo(3);
    assertThat(r.getDouble("averageRating")).isEqualTo(4.5);
    assertThat(r.getLong("ratingCount")).isEqualTo(2);
    JsonArray utilisation = r.getJsonArray("utilisation");
    assertThat(utilisation).hasSize(2);
    // 22 weekdays × 480 less Wed 11 (480, its two overlapping time offs counted once), Fri 13 09–13 and Mon 2 09–12.
    assertThat(entry(utilisation, data.p1())).isEqualTo(util(data.p1(), data.clinic(), 240, 9660, 0.0248));
    // 5 Sundays × 1439 minutes, less the hour DST took on 8 March.
    assertThat(entry(utilisation, data.p2())).isEqualTo(util(data.p2(), data.clinic(), 0, 7135, 0.0));
    assertThat(r.getJsonArray("money")).isEqualTo(new JsonArray()
        .add(money("eur", 0, 0, 500, 4500)).add(money("usd", 18000, 2000, 1600, 14400)));
    LedgerInvariants.check();
  }

  @Test
  @DisplayName("all locations (superadmin): each in its own zone; new patients are new to the practice; money of every location")
  void allLocationsMonth() {
    JsonObject r = report("from=2015-03-01&to=2015-03-31");
    assertThat(r.getJsonObject("period").getString("timeZone")).isNull();
    assertThat(r.getJsonObject("period").getString("locationId")).isNull();
    assertThat(r.getJsonObject("byStatus")).isEqualTo(new JsonObject().put("scheduled", 1).put("confirmed", 1)
        .put("checked_in", 1).put("completed", 5).put("cancelled", 2).put("no_show", 1));
    assertThat(r.getDouble("noShowRate")).isEqualTo(0.1667);
    assertThat(r.getDouble("lateCancellationRate")).isEqualTo(0.0909);
    assertThat(r.getLong("newPatients")).isEqualTo(2);
    assertThat(entry(r.getJsonArray("utilisation"), data.p3())).isEqualTo(util(data.p3(), data.annex(), 30, 300, 0.1));
    assertThat(entry(r.getJsonArray("utilisation"), data.p1()).getLong("scheduledMinutes")).isEqualTo(9660);
    assertThat(r.getJsonArray("money")).isEqualTo(new JsonArray()
        .add(money("eur", 0, 0, 500, 4500)).add(money("usd", 25000, 2000, 2300, 20700)));
  }

  @Test
  @DisplayName("local dates decide: 23:45 on 28 Feb in Detroit (already 1 March in UTC) is February's")
  void localMidnightDecides() {
    JsonObject feb28 = report("from=2015-02-28&to=2015-02-28&locationId=" + data.clinic());
    assertThat(feb28.getJsonObject("byStatus").getLong("completed")).isEqualTo(1);
    assertThat(feb28.getDouble("averageRating")).isEqualTo(1.0);
    assertThat(feb28.getJsonArray("money")).isEqualTo(new JsonArray().add(money("eur", 5000, 0, 0, 0)));
    JsonObject mar1 = report("from=2015-03-01&to=2015-03-01&locationId=" + data.clinic());
    assertThat(mar1.getJsonObject("byStatus").getLong("completed")).isEqualTo(1);
    assertThat(mar1.getLong("newPatients")).isZero();
  }

  @Test
  @DisplayName("the DST day has 23 hours of Sunday schedule; an empty day has null rates and rating, and no money")
  void dstDayAndEmptyDay() {
    JsonObject r = report("from=2015-03-08&to=2015-03-08&locationId=" + data.clinic());
    assertThat(r.getJsonArray("utilisation")).containsExactly(util(data.p2(), data.clinic(), 0, 1379, 0.0));
    assertThat(r.getJsonObject("byStatus").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum()).isZero();
    assertThat(r.getValue("noShowRate")).isNull();
    assertThat(r.getValue("lateCancellationRate")).isNull();
    assertThat(r.getValue("averageRating")).isNull();
    assertThat(r.getJsonArray("money")).isEmpty();
    assertThat(r.encode()).doesNotContain("patient");
  }

  private static JsonObject entry(JsonArray utilisation, UUID provider) {
    return utilisation.stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("providerId").equals(provider.toString())).findFirst().orElseThrow();
  }

  private static JsonObject util(UUID provider, UUID location, long booked, long scheduled, double rate) {
    return new JsonObject().put("providerId", provider.toString()).put("locationId", location.toString())
        .put("bookedMinutes", booked).put("scheduledMinutes", scheduled).put("rate", rate);
  }

  private static JsonObject money(String currency, long gross, long refunded, long fee, long share) {
    return new JsonObject().put("currency", currency).put("gross", gross).put("refunded", refunded)
        .put("platformFee", fee).put("providerShare", share);
  }
}
