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
import org.clinicapi.support.AuditRefusal;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 5: a provider write and its audit event commit together or not at all. The fault is real: a
 * trigger makes PostgreSQL refuse the audit rows of one actor (the provider), as a failing audit insert would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A provider write and its audit event commit together or not at all")
class ProviderAuditAtomicTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID location;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    location = Accounts.location("Atomic Providers Clinic");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(String email) {
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static HttpResponse<Buffer> expect(int status, HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response;
  }

  private static void expect5xx(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(500, 599);
  }

  private static long audited(String action, Object resourceId) {
    return Accounts.count("SELECT count(*) FROM audit_events WHERE action = ? AND resource_type = 'provider' AND resource_id = ? "
        + "AND outcome = 'success'", action, resourceId.toString());
  }

  private static JsonObject schedule() {
    return new JsonObject().put("slotMinutes", 30).put("hours", new JsonArray().add(new JsonObject()
        .put("locationId", location.toString()).put("weekday", 2).put("start", "09:00").put("end", "12:00")));
  }

  @Test
  @DisplayName("audit insert refused: neither the profile nor the weekly hours are saved (5xx); both save with their events once the fault is gone")
  void profileAndScheduleWithoutTheirAuditEventsAreNotSaved() {
    String email = Accounts.user(Role.PROVIDER, location);
    UUID id = Accounts.idOf(email);
    String token = token(email);
    String path = "/api/v1/providers/" + id;
    JsonObject profile = ProvidersRoutesTest.profile(9000, "usd", location);

    AuditRefusal.actor(id);
    try {
      expect5xx(api.call(HttpMethod.PUT, path, token, profile));
      assertThat(Accounts.count("SELECT count(*) FROM providers WHERE user_id = ?", id)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    expect(200, api.call(HttpMethod.PUT, path, token, profile));
    assertThat(Accounts.count("SELECT count(*) FROM providers WHERE user_id = ?", id)).isEqualTo(1);
    assertThat(audited("provider.update", id)).isEqualTo(1);

    AuditRefusal.actor(id);
    try {
      expect5xx(api.call(HttpMethod.PUT, path + "/schedule", token, schedule()));
      assertThat(Accounts.count("SELECT count(*) FROM provider_schedules WHERE provider_id = ?", id)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    expect(200, api.call(HttpMethod.PUT, path + "/schedule", token, schedule()));
    assertThat(Accounts.count("SELECT count(*) FROM provider_schedules WHERE provider_id = ?", id)).isEqualTo(1);
    assertThat(audited("provider.schedule_update", id)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: time off is neither added nor removed (5xx); both happen with their events once the fault is gone")
  void timeOffWithoutItsAuditEventsIsNotChanged() {
    String email = Accounts.user(Role.PROVIDER, location);
    UUID id = Accounts.idOf(email);
    String token = token(email);
    String path = "/api/v1/providers/" + id;
    expect(200, api.call(HttpMethod.PUT, path, token, ProvidersRoutesTest.profile(9000, "usd", location)));
    JsonObject off = new JsonObject().put("startsAt", "2031-03-04T09:00:00Z").put("endsAt", "2031-03-04T17:00:00Z")
        .put("reason", "Conference");

    AuditRefusal.actor(id);
    try {
      expect5xx(api.post(path + "/time-off", token, off));
      assertThat(Accounts.count("SELECT count(*) FROM provider_time_off WHERE provider_id = ?", id)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    String timeOffId = expect(201, api.post(path + "/time-off", token, off)).bodyAsJsonObject().getJsonObject("data").getString("id");
    assertThat(Accounts.count("SELECT count(*) FROM provider_time_off WHERE provider_id = ?", id)).isEqualTo(1);
    assertThat(audited("provider.time_off_create", timeOffId)).isEqualTo(1);

    AuditRefusal.actor(id);
    try {
      expect5xx(api.call(HttpMethod.DELETE, path + "/time-off/" + timeOffId, token, null));
      assertThat(Accounts.count("SELECT count(*) FROM provider_time_off WHERE provider_id = ?", id)).isEqualTo(1);
    } finally {
      AuditRefusal.lift();
    }
    expect(204, api.call(HttpMethod.DELETE, path + "/time-off/" + timeOffId, token, null));
    assertThat(Accounts.count("SELECT count(*) FROM provider_time_off WHERE provider_id = ?", id)).isZero();
    assertThat(audited("provider.time_off_delete", timeOffId)).isEqualTo(1);
  }
}
