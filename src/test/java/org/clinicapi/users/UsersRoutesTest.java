package org.clinicapi.users;

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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/users: pages with a cursor, one 400 for every bad parameter, and partial changes of the own profile")
class UsersRoutesTest {
  private static TestServer server;
  private static ApiClient api;
  private static String superadmin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    superadmin = api.login(Accounts.user(Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  private static List<String> ids(JsonArray users) {
    return users.stream().map(u -> ((JsonObject) u).getString("id")).toList();
  }

  @Test
  @DisplayName("GET /users pages newest first: the next page starts after the cursor and the last page has none")
  void listPagesWithCursor() {
    UUID location = Accounts.location("Paged Clinic " + UUID.randomUUID());
    List<String> nurses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nurses.add(Accounts.idOf(Accounts.user(Role.NURSE, location)).toString());
    }
    HttpResponse<Buffer> first = api.get("/api/v1/users?locationId=" + location + "&limit=2", superadmin);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    String cursor = first.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor");
    assertThat(cursor).isNotNull();

    HttpResponse<Buffer> second = api.get("/api/v1/users?locationId=" + location + "&limit=2&cursor=" + cursor, superadmin);

    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getJsonObject("meta").getJsonObject("pagination").getString("nextCursor")).isNull();
    List<String> seen = new ArrayList<>(ids(first.bodyAsJsonObject().getJsonArray("data")));
    seen.addAll(ids(second.bodyAsJsonObject().getJsonArray("data")));
    assertThat(seen).hasSize(3).containsExactlyInAnyOrderElementsOf(nurses);
    JsonObject item = first.bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertThat(item.getString("role")).isEqualTo("nurse");
    assertThat(item.getJsonArray("locationIds")).containsExactly(location.toString());
  }

  @Test
  @DisplayName("GET /users with a bad role, locationId, limit and cursor is one 400 naming all four")
  void listNamesEveryBadParameter() {
    HttpResponse<Buffer> response = api.get("/api/v1/users?role=wizard&locationId=nowhere&limit=0&cursor=garbage", superadmin);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
    assertThat(fields(response)).containsOnly("role", "locationId", "limit", "cursor");
  }

  @Test
  @DisplayName("PATCH /users/me changes only what it names: a phone is set, then cleared by null; preferences keep the other channel")
  void updateMeChangesOnlyNamedFields() {
    String email = Accounts.user(Role.NURSE);
    String token = api.login(email, ApiClient.PASSWORD).getString("accessToken");

    HttpResponse<Buffer> set = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, new JsonObject().put("phone", "+13135550100")
        .put("notificationPreferences", new JsonObject().put("sms", false)));
    HttpResponse<Buffer> cleared = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, new JsonObject().putNull("phone"));

    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    JsonObject afterSet = set.bodyAsJsonObject().getJsonObject("data");
    assertThat(afterSet.getString("phone")).isEqualTo("+13135550100");
    assertThat(afterSet.getJsonObject("notificationPreferences")).isEqualTo(new JsonObject().put("sms", false).put("email", true));
    assertThat(cleared.statusCode()).isEqualTo(200);
    JsonObject afterClear = cleared.bodyAsJsonObject().getJsonObject("data");
    assertThat(afterClear.getValue("phone")).isNull();
    assertThat(afterClear.getString("name")).isEqualTo("Test nurse");
    assertThat(afterClear.getJsonObject("notificationPreferences").getBoolean("sms")).isFalse();
  }

  @Test
  @DisplayName("PATCH /users/me with a bad name and phone is one 400 naming both, and changes nothing")
  void updateMeNamesEveryBadField() {
    String email = Accounts.user(Role.NURSE);
    String token = api.login(email, ApiClient.PASSWORD).getString("accessToken");

    HttpResponse<Buffer> response = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, new JsonObject().put("name", "")
        .put("phone", "555").put("notificationPreferences", "none"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsOnly("name", "phone", "notificationPreferences");
    assertThat((String) Accounts.value("SELECT name FROM users WHERE email = ?", email)).isEqualTo("Test nurse");
  }
}
