package org.clinicapi.reports;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may read which report, what is refused with which status, and what the audit log records. */
@ExtendWith(VertxExtension.class)
@DisplayName("Reports: managers for their own locations, superadmin for any or all; others 403; every answer audited")
class ReportAccessTest {
  private static final String PERIOD = "from=2016-01-01&to=2016-12-31";
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID elsewhere;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Reports Access Clinic");
    elsewhere = Accounts.location("Reports Access Elsewhere");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> summary(String token, String query) {
    return api.get("/api/v1/reports/summary?" + query, token);
  }

  private static long events(UUID actor, String outcome, UUID location) {
    return Accounts.count("""
        SELECT count(*) FROM audit_events WHERE action = 'report.read' AND actor_id = ? AND outcome = ?
           AND resource_type = 'report' AND resource_id IS NOT DISTINCT FROM ? AND patient_id IS NULL
        """, actor, outcome, location == null ? null : location.toString());
  }

  @Test
  @DisplayName("a manager reads their location's report (audited, no patient); another location is a 404, audited as denied")
  void managerOwnLocationOnly() {
    String email = Accounts.user(Role.MANAGER, clinic);
    UUID manager = Accounts.idOf(email);
    String token = Visits.token(api, email);
    Clinic.data(summary(token, PERIOD + "&locationId=" + clinic), 200);
    assertThat(events(manager, "success", clinic)).isEqualTo(1);
    HttpResponse<Buffer> other = summary(token, PERIOD + "&locationId=" + elsewhere);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(events(manager, "denied", elsewhere)).isEqualTo(1);
    HttpResponse<Buffer> all = summary(token, PERIOD);
    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(400);
    assertThat(fields(all)).containsExactly("locationId");
    assertThat(events(manager, "failure", null)).isEqualTo(1);
  }

  @Test
  @DisplayName("billing, provider, nurse and patient of the location get 403; no token 401")
  void otherRolesRefused() {
    for (Role role : List.of(Role.BILLING, Role.PROVIDER, Role.NURSE, Role.PATIENT)) {
      String token = Visits.token(api, role == Role.PATIENT ? Accounts.user(role) : Accounts.user(role, clinic));
      HttpResponse<Buffer> refused = summary(token, PERIOD + "&locationId=" + clinic);
      assertThat(refused.statusCode()).as(role.wire()).isEqualTo(403);
    }
    assertThat(summary(null, PERIOD + "&locationId=" + clinic).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("superadmin: one location, all of them (audited with no location), and an unknown one is a 404")
  void superadminAnyOrAll() {
    String email = Accounts.user(Role.SUPERADMIN);
    UUID admin = Accounts.idOf(email);
    String token = Visits.token(api, email);
    assertThat(Clinic.data(summary(token, PERIOD + "&locationId=" + elsewhere), 200).getJsonObject("period")
        .getString("timeZone")).isEqualTo("America/Detroit");
    Clinic.data(summary(token, PERIOD), 200);
    assertThat(events(admin, "success", null)).isEqualTo(1);
    UUID unknown = UUID.randomUUID();
    assertThat(summary(token, PERIOD + "&locationId=" + unknown).statusCode()).isEqualTo(404);
    assertThat(events(admin, "denied", unknown)).isEqualTo(1);
  }

  @Test
  @DisplayName("bad periods are 400s naming every bad field: missing, not a date, to before from, more than 366 days")
  void periodValidation() {
    String token = Visits.token(api, Accounts.user(Role.MANAGER, clinic));
    String location = "&locationId=" + clinic;
    assertThat(fields(summary(token, "locationId=" + clinic))).containsExactlyInAnyOrder("from", "to");
    assertThat(fields(summary(token, "from=2016-02-30&to=2016/03/01" + location))).containsExactlyInAnyOrder("from", "to");
    assertThat(fields(summary(token, "from=2016-03-02&to=2016-03-01" + location))).containsExactly("to");
    assertThat(fields(summary(token, "from=2016-01-01&to=2017-01-01" + location))).containsExactly("to");
    assertThat(fields(summary(token, "from=2016-01-01&to=2016-12-31&locationId=nope"))).containsExactly("locationId");
    // 2016 is a leap year: 1 Jan to 31 Dec is 366 days, the longest period allowed.
    Clinic.data(summary(token, PERIOD + location), 200);
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((io.vertx.core.json.JsonObject) d).getString("field")).toList();
  }
}
