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
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Provider profiles: fee in minor units, who may change them, and schedule validation")
class ProvidersRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID locationA;
  private static UUID locationB;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    locationA = Accounts.location("Providers Clinic A");
    locationB = Accounts.location("Providers Clinic B");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject profile(long amount, String currency, UUID... locations) {
    JsonArray ids = new JsonArray();
    for (UUID l : locations) {
      ids.add(l.toString());
    }
    return new JsonObject().put("specialty", "Cardiology").put("bio", "Hearts, mostly.")
        .put("fee", new JsonObject().put("amount", amount).put("currency", currency)).put("locationIds", ids);
  }

  private static String token(String email) {
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return api.call(HttpMethod.PUT, path, token, body);
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  @Test
  @DisplayName("a provider sets their profile and everyone signed in reads it back, fee as integer minor units, rating 0/0")
  void profileRoundTrip() {
    String email = Accounts.user(Role.PROVIDER, locationA);
    UUID id = Accounts.idOf(email);

    HttpResponse<Buffer> saved = put("/api/v1/providers/" + id, token(email), profile(12500, "usd", locationA));
    Clinic.verify(id);
    String patient = api.registerPatient("Provider Reader").getString("accessToken");
    HttpResponse<Buffer> read = api.get("/api/v1/providers/" + id, patient);
    HttpResponse<Buffer> listed = api.get("/api/v1/providers?locationId=" + locationA + "&specialty=cardiology", patient);

    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(200);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject data = read.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getJsonObject("fee")).isEqualTo(new JsonObject().put("amount", 12500).put("currency", "usd"));
    assertThat(read.bodyAsString()).contains("\"amount\":12500,").doesNotContain("125.0");
    assertThat(data.getString("specialty")).isEqualTo("Cardiology");
    assertThat(data.getJsonArray("locationIds")).containsExactly(locationA.toString());
    assertThat(data.getJsonObject("rating")).isEqualTo(new JsonObject().put("average", 0.0).put("count", 0));
    assertThat(listed.bodyAsJsonObject().getJsonArray("data").stream().map(p -> ((JsonObject) p).getString("id")))
        .contains(id.toString());
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = 'provider.update' AND outcome = 'success'", id))
        .as("writes are audited").isEqualTo(1);
  }

  @Test
  @DisplayName("a float amount, an unknown currency and an upper-case currency are each a 400 naming the field")
  void feeValidation() {
    String email = Accounts.user(Role.PROVIDER, locationA);
    String path = "/api/v1/providers/" + Accounts.idOf(email);
    String token = token(email);
    JsonObject floatFee = profile(0, "usd", locationA);
    floatFee.getJsonObject("fee").put("amount", 125.5);

    HttpResponse<Buffer> floating = put(path, token, floatFee);
    HttpResponse<Buffer> unknown = put(path, token, profile(12500, "abc", locationA));
    HttpResponse<Buffer> upper = put(path, token, profile(12500, "USD", locationA));

    assertThat(floating.statusCode()).isEqualTo(400);
    assertThat(fields(floating)).containsExactly("fee.amount");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(fields(unknown)).containsExactly("fee.currency");
    assertThat(upper.statusCode()).isEqualTo(400);
    assertThat(Accounts.count("SELECT count(*) FROM providers WHERE user_id = ?", Accounts.idOf(email))).isZero();
  }

  @Test
  @DisplayName("the provider and a manager of its location may PUT; a manager elsewhere, another provider and a nurse get 403")
  void whoMayPut() {
    UUID id = Accounts.idOf(Accounts.user(Role.PROVIDER, locationA));
    String path = "/api/v1/providers/" + id;
    String managerHere = token(Accounts.user(Role.MANAGER, locationA));
    String managerElsewhere = token(Accounts.user(Role.MANAGER, locationB));
    String otherProvider = token(Accounts.user(Role.PROVIDER, locationA));
    String nurse = token(Accounts.user(Role.NURSE, locationA));

    assertThat(put(path, managerHere, profile(9000, "usd", locationA)).statusCode()).isEqualTo(200);
    assertThat(put(path, managerElsewhere, profile(1, "usd", locationA)).statusCode()).isEqualTo(403);
    assertThat(put(path, otherProvider, profile(2, "usd", locationA)).statusCode()).isEqualTo(403);
    assertThat(put(path, nurse, profile(3, "usd", locationA)).statusCode()).isEqualTo(403);
    assertThat(put(path, managerHere, profile(9000, "usd", locationA, locationB)).statusCode())
        .as("a manager adds only their own locations").isEqualTo(403);
    assertThat(Accounts.count("SELECT fee_amount FROM providers WHERE user_id = ?", id)).isEqualTo(9000);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'provider.update' AND outcome = 'denied'"
        + " AND resource_id = ?", id.toString())).as("refusals after the permission guard are audited").isEqualTo(3);
    String nurseId = Accounts.idOf(Accounts.user(Role.NURSE, locationA)).toString();
    String superadmin = token(Accounts.user(Role.SUPERADMIN));
    assertThat(put("/api/v1/providers/" + nurseId, superadmin, profile(1, "usd", locationA)).statusCode())
        .as("only users with role provider have a profile").isEqualTo(404);
  }

  @Test
  @DisplayName("a schedule with end before start, weekday 0, an unknown location and no slot length is one 400 naming each field")
  void scheduleValidationNamesEveryField() {
    String email = Accounts.user(Role.PROVIDER, locationA);
    UUID id = Accounts.idOf(email);
    String token = token(email);
    assertThat(put("/api/v1/providers/" + id, token, profile(12500, "usd", locationA)).statusCode()).isEqualTo(200);
    JsonArray hours = new JsonArray()
        .add(new JsonObject().put("locationId", locationA.toString()).put("weekday", 1).put("start", "17:00").put("end", "09:00"))
        .add(new JsonObject().put("locationId", locationA.toString()).put("weekday", 0).put("start", "09:00").put("end", "12:00"))
        .add(new JsonObject().put("locationId", UUID.randomUUID().toString()).put("weekday", 2).put("start", "09:00").put("end", "12:00"))
        .add(new JsonObject().put("locationId", locationA.toString()).put("weekday", 3).put("start", "9am").put("end", "12:00"));

    HttpResponse<Buffer> response = put("/api/v1/providers/" + id + "/schedule", token, new JsonObject().put("hours", hours));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactlyInAnyOrder("slotMinutes", "hours[0].end", "hours[1].weekday",
        "hours[2].locationId", "hours[3].start");
    assertThat(Accounts.count("SELECT count(*) FROM provider_schedules WHERE provider_id = ?", id)).isZero();
  }

  @Test
  @DisplayName("a provider with a profile cannot be given another role (409) until the profile is gone")
  void roleChangeOfProviderWithProfileConflicts() {
    String email = Accounts.user(Role.PROVIDER, locationA);
    UUID id = Accounts.idOf(email);
    assertThat(put("/api/v1/providers/" + id, token(email), profile(100, "eur", locationA)).statusCode()).isEqualTo(200);
    String superadmin = token(Accounts.user(Role.SUPERADMIN));

    HttpResponse<Buffer> patched = api.call(HttpMethod.PATCH, "/api/v1/users/" + id, superadmin, new JsonObject().put("role", "nurse"));

    assertThat(patched.statusCode()).isEqualTo(409);
    assertThat((String) Accounts.value("SELECT role FROM users WHERE id = ?", id)).isEqualTo("provider");
  }

  @Test
  @DisplayName("the database refuses a profile for a user whose role is not provider")
  void databaseEnforcesProviderRole() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationA));
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> Accounts.update(
        "INSERT INTO providers (user_id, specialty, fee_amount, fee_currency) VALUES (?, 'x', 1, 'usd')", nurse));
    assertThat(refused).isNotNull();
  }
}
