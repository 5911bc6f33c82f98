package org.clinicapi.locations;

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
import org.clinicapi.support.Cleanup;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.TcpProxy;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /locations cache: a write is visible on the next read; Redis down gives the same answers from PostgreSQL")
class LocationsCacheTest {
  @AutoClose
  private final Cleanup cleanup = new Cleanup();

  private TestServer server(JsonObject overrides) {
    return cleanup.add(TestServer.ownKeys("locations", overrides));
  }

  private static String token(ApiClient api, Role role) {
    return api.login(Accounts.user(role), ApiClient.PASSWORD).getString("accessToken");
  }

  private static JsonArray list(ApiClient api, String token) {
    HttpResponse<Buffer> response = api.get("/api/v1/locations", token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }

  private static JsonObject named(JsonArray list, String id) {
    return list.stream().map(JsonObject.class::cast).filter(l -> l.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static String create(ApiClient api, String admin, String name) {
    return Clinic.data(api.post("/api/v1/locations", admin, new JsonObject().put("name", name).put("timeZone", "Europe/Berlin")), 201)
        .getString("id");
  }

  private static void patch(ApiClient api, String admin, String id, JsonObject body) {
    assertThat(api.call(HttpMethod.PATCH, "/api/v1/locations/" + id, admin, body).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the list is served from the cache (an SQL change stays hidden) until a POST or PATCH, whose change the next read shows")
  void writesAreVisibleOnTheNextRead(Vertx vertx) {
    ApiClient api = new ApiClient(vertx, server(new JsonObject()));
    String admin = token(api, Role.SUPERADMIN);
    String nurse = token(api, Role.NURSE);
    String id = create(api, admin, "Cached " + UUID.randomUUID());
    assertThat(named(list(api, nurse), id).getString("address")).isEmpty();

    Accounts.update("UPDATE locations SET phone = '+13135550111' WHERE id = ?", UUID.fromString(id));
    assertThat(named(list(api, admin), id).getValue("phone")).as("cached: the SQL change is hidden, for every caller").isNull();

    patch(api, admin, id, new JsonObject().put("address", "2 Cache St"));
    JsonObject after = named(list(api, nurse), id);
    assertThat(after.getString("address")).isEqualTo("2 Cache St");
    assertThat(after.getString("phone")).as("the whole list was invalidated").isEqualTo("+13135550111");

    String added = create(api, admin, "Added " + UUID.randomUUID());
    assertThat(list(api, nurse).stream().map(l -> ((JsonObject) l).getString("id"))).contains(added);
  }

  @Test
  @DisplayName("with Redis cut, the same list from PostgreSQL; a write made meanwhile still shows once Redis is back")
  void redisDownSameAnswers(Vertx vertx) throws Exception {
    URI redis = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = cleanup.add(new TcpProxy(vertx, redis.getHost(), redis.getPort()));
    ApiClient api = new ApiClient(vertx, server(new JsonObject()
        .put("REDIS_URL", "redis://127.0.0.1:" + proxy.port() + redis.getPath()).put("REDIS_TIMEOUT_MS", 500)));
    String admin = token(api, Role.SUPERADMIN);
    String nurse = token(api, Role.NURSE);
    String id = create(api, admin, "Cut " + UUID.randomUUID());

    JsonArray up = list(api, nurse);
    JsonArray cached = list(api, nurse);
    proxy.down();
    JsonArray down = list(api, nurse);
    assertThat(cached).isEqualTo(up);
    assertThat(down).isEqualTo(up);

    // A write while Redis is down: its bump is lost, the next read (from PostgreSQL) shows it ...
    patch(api, admin, id, new JsonObject().put("name", "Cut renamed " + id));
    assertThat(named(list(api, nurse), id).getString("name")).isEqualTo("Cut renamed " + id);
    // ... and once Redis is back, the list cached before the write is not served: the owed bump is made first.
    proxy.up();
    assertThat(named(list(api, nurse), id).getString("name")).isEqualTo("Cut renamed " + id);
  }
}
