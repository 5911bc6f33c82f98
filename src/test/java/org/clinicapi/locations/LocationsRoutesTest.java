package org.clinicapi.locations;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/locations: create, list and change a location; 404 for an unknown one; one 400 for every bad field")
class LocationsRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static String superadmin;
  private static String nurse;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    superadmin = api.login(Accounts.user(Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
    nurse = api.login(Accounts.user(Role.NURSE), ApiClient.PASSWORD).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  @Test
  @DisplayName("a created location is listed to anyone signed in; PATCH changes the named fields and null clears the phone")
  void createListAndChange() {
    String name = "Riverside " + UUID.randomUUID();
    HttpResponse<Buffer> created = api.post("/api/v1/locations", superadmin, new JsonObject().put("name", name)
        .put("timeZone", "America/Detroit").put("phone", "+13135550199"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject location = created.bodyAsJsonObject().getJsonObject("data");
    assertThat(location.getString("address")).as("absent address is stored empty").isEmpty();
    assertThat(location.getString("createdAt")).isNotBlank();

    HttpResponse<Buffer> listed = api.get("/api/v1/locations", nurse);
    HttpResponse<Buffer> changed = api.call(HttpMethod.PATCH, "/api/v1/locations/" + location.getString("id"), superadmin,
        new JsonObject().put("address", "1 River Rd").putNull("phone"));

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("data").stream().map(l -> ((JsonObject) l).getString("id")))
        .contains(location.getString("id"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    JsonObject after = changed.bodyAsJsonObject().getJsonObject("data");
    assertThat(after.getString("name")).isEqualTo(name);
    assertThat(after.getString("timeZone")).isEqualTo("America/Detroit");
    assertThat(after.getString("address")).isEqualTo("1 River Rd");
    assertThat(after.getValue("phone")).isNull();
  }

  @Test
  @DisplayName("PATCH of a location that does not exist is 404 NOT_FOUND")
  void unknownLocationNotFound() {
    HttpResponse<Buffer> response = api.call(HttpMethod.PATCH, "/api/v1/locations/" + UUID.randomUUID(), superadmin,
        new JsonObject().put("name", "Nowhere"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("POST /locations without a name and with an unknown time zone and a bad phone names all three")
  void createNamesEveryBadField() {
    HttpResponse<Buffer> response = api.post("/api/v1/locations", superadmin, new JsonObject().put("timeZone", "Mars/Olympus_Mons")
        .put("phone", "call us"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsOnly("name", "timeZone", "phone");
  }

  @Test
  @DisplayName("location writes are audited in their own transaction: a refused audit insert changes nothing (5xx)")
  void writesCommitWithTheirAuditEvent() {
    String adminEmail = Accounts.user(Role.SUPERADMIN);
    UUID admin = Accounts.idOf(adminEmail);
    String token = api.login(adminEmail, ApiClient.PASSWORD).getString("accessToken");
    String name = "Audited " + UUID.randomUUID();
    JsonObject body = new JsonObject().put("name", name).put("timeZone", "Europe/Berlin");
    AuditRefusal.actor(admin);
    try {
      HttpResponse<Buffer> refused = api.post("/api/v1/locations", token, body);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM locations WHERE name = ?", name)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> created = api.post("/api/v1/locations", token, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getJsonObject("data").getString("id");
    AuditRefusal.actor(admin);
    try {
      HttpResponse<Buffer> refused = api.call(HttpMethod.PATCH, "/api/v1/locations/" + id, token,
          new JsonObject().put("timeZone", "Asia/Tokyo"));
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.value("SELECT time_zone FROM locations WHERE id = ?::uuid", id)).isEqualTo("Europe/Berlin");
    } finally {
      AuditRefusal.lift();
    }
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'location.create' AND resource_type = 'location' "
        + "AND resource_id = ? AND actor_id = ? AND outcome = 'success'", id, admin)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'location.update' AND resource_id = ?", id))
        .isZero();
  }
}
