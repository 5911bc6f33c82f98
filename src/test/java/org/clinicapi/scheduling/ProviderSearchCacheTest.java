package org.clinicapi.scheduling;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /providers cache: a write is visible on the next read; Redis down gives the same answers from PostgreSQL")
class ProviderSearchCacheTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  @AutoClose
  private final Cleanup cleanup = new Cleanup();

  /** A provider in Kolkata (UTC+05:30) who works 09:00–10:00 on one weekday: the weekday two days from today there. */
  private record Setup(UUID location, UUID provider, String providerEmail, LocalDate day) {
    String at(LocalDate date, String time) {
      return ZonedDateTime.of(date, LocalTime.parse(time), KOLKATA).toOffsetDateTime().toString().replace("+05:30", ":00+05:30");
    }
  }

  private static Setup kolkataProvider() {
    UUID location = ProviderSearchFixture.location("Search Kolkata " + UUID.randomUUID(), "Asia/Kolkata");
    UUID provider = ProviderSearchFixture.provider(location, "Farah Search", "Endocrinology", 7000, "4.00", "hi,en", true);
    LocalDate day = LocalDate.now(KOLKATA).plusDays(2);
    ProviderSearchFixture.hours(provider, location, day.getDayOfWeek().getValue(), "09:00", "10:00");
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", provider);
    return new Setup(location, provider, email, day);
  }

  private TestServer server(JsonObject overrides) {
    return cleanup.add(TestServer.ownKeys("search", overrides));
  }

  private static JsonObject only(ApiClient api, String token, UUID location) {
    HttpResponse<Buffer> response = api.get("/api/v1/providers?locationId=" + location, token);
    JsonArray items = ProviderSearchTest.items(response);
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }

  private static String iso(String text) {
    return java.time.OffsetDateTime.parse(text).toInstant().toString();
  }

  @Test
  @DisplayName("nextAvailableAt in a non-UTC location moves with a booking, time off and their undoing; profile and verification changes too; each visible at once")
  void nextAvailableFollowsWrites(Vertx vertx) throws Exception {
    TestServer server = server(new JsonObject());
    ApiClient api = new ApiClient(vertx, server);
    Setup s = kolkataProvider();
    JsonObject patient = Clinic.patient(api, "Cache Patient");
    String token = patient.getString("token");
    String providerToken = api.login(s.providerEmail(), ApiClient.PASSWORD).getString("accessToken");

    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:00"));
    assertThat(keys(vertx, server.config().redis().keyPrefix() + "providers:list:*")).as("the page is cached").isNotEmpty();

    // A change no write path announces (straight SQL) is not seen while the page is cached: the cache is in use.
    Accounts.update("UPDATE providers SET fee_amount = 7100 WHERE user_id = ?", s.provider());
    assertThat(only(api, token, s.location()).getJsonObject("fee").getLong("amount")).isEqualTo(7000);

    JsonObject booked = Clinic.data(api.post("/api/v1/appointments", token, new JsonObject().put("providerId", s.provider().toString())
        .put("locationId", s.location().toString()).put("startsAt", iso(s.at(s.day(), "09:00"))).put("reason", "Checkup")), 201);
    JsonObject afterBooking = only(api, token, s.location());
    assertThat(afterBooking.getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:30"));
    assertThat(afterBooking.getJsonObject("fee").getLong("amount")).as("the whole list was invalidated").isEqualTo(7100);

    JsonObject off = Clinic.data(api.post("/api/v1/providers/" + s.provider() + "/time-off", providerToken, new JsonObject()
        .put("startsAt", iso(s.at(s.day(), "09:30"))).put("endsAt", iso(s.at(s.day(), "10:00")))), 201);
    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day().plusDays(7), "09:00"));

    assertThat(api.call(HttpMethod.DELETE, "/api/v1/providers/" + s.provider() + "/time-off/" + off.getString("id"), providerToken, null)
        .statusCode()).isEqualTo(204);
    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:30"));

    assertThat(api.call(HttpMethod.DELETE, "/api/v1/appointments/" + booked.getString("id"), token, new JsonObject())
        .statusCode()).isEqualTo(200);
    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:00"));

    JsonObject profile = new JsonObject().put("specialty", "Endocrinology").put("fee", new JsonObject().put("amount", 6500)
        .put("currency", "usd")).put("locationIds", new JsonArray().add(s.location().toString()));
    assertThat(api.call(HttpMethod.PUT, "/api/v1/providers/" + s.provider(), providerToken, profile).statusCode()).isEqualTo(200);
    assertThat(only(api, token, s.location()).getJsonObject("fee").getLong("amount")).isEqualTo(6500);

    String manager = Clinic.staffToken(api, Role.MANAGER, s.location());
    JsonObject note = new JsonObject().put("note", "Licence lapsed");
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/providers/" + s.provider() + "/verify", manager, note).statusCode()).isEqualTo(200);
    assertThat(ProviderSearchTest.items(api.get("/api/v1/providers?locationId=" + s.location(), token))).as("revoked: hidden").isEmpty();
    assertThat(ProviderSearchTest.items(api.get("/api/v1/providers?language=ta&locationId=" + s.location(), manager))).isEmpty();
    JsonObject credentials = new JsonObject().put("licenseNumber", "TN-12345").put("licenseRegion", "IN-TN")
        .put("qualifications", new JsonArray().add("MBBS")).put("yearsOfExperience", 9).put("languages", new JsonArray().add("ta").add("en"));
    assertThat(api.call(HttpMethod.PUT, "/api/v1/providers/" + s.provider() + "/credentials", providerToken, credentials).statusCode())
        .isEqualTo(200);
    assertThat(ProviderSearchTest.items(api.get("/api/v1/providers?language=ta&locationId=" + s.location(), manager))).hasSize(1);
    assertThat(api.post("/api/v1/providers/" + s.provider() + "/verify", manager, note.put("note", "Renewed")).statusCode()).isEqualTo(200);
    assertThat(only(api, token, s.location()).getBoolean("verified")).isTrue();
  }

  @Test
  @DisplayName("with Redis cut, the same queries give the same answers from PostgreSQL, writes still show, and nothing stale returns")
  void redisDownSameAnswers(Vertx vertx) throws Exception {
    URI redis = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = cleanup.add(new TcpProxy(vertx, redis.getHost(), redis.getPort()));
    TestServer server = server(new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + proxy.port() + redis.getPath())
        .put("REDIS_TIMEOUT_MS", 500));
    ApiClient api = new ApiClient(vertx, server);
    Setup s = kolkataProvider();
    String token = Clinic.patient(api, "Cut Patient").getString("token");
    String providerToken = api.login(s.providerEmail(), ApiClient.PASSWORD).getString("accessToken");
    List<String> queries = List.of("locationId=" + s.location(), "locationId=" + s.location() + "&sort=nextAvailable",
        "locationId=" + s.location() + "&language=hi&sort=fee", "locationId=" + s.location() + "&availableOn=" + s.day());

    List<JsonArray> up = queries.stream().map(q -> ProviderSearchTest.items(api.get("/api/v1/providers?" + q, token))).toList();
    List<JsonArray> cached = queries.stream().map(q -> ProviderSearchTest.items(api.get("/api/v1/providers?" + q, token))).toList();
    proxy.down();
    List<JsonArray> down = queries.stream().map(q -> ProviderSearchTest.items(api.get("/api/v1/providers?" + q, token))).toList();

    assertThat(cached).isEqualTo(up);
    assertThat(down).isEqualTo(up);
    assertThat(up.get(0).getJsonObject(0).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:00"));

    // A write while Redis is down: its bump is lost, the next read (from PostgreSQL) shows it ...
    Clinic.data(api.post("/api/v1/providers/" + s.provider() + "/time-off", providerToken, new JsonObject()
        .put("startsAt", iso(s.at(s.day(), "09:00"))).put("endsAt", iso(s.at(s.day(), "09:30")))), 201);
    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:30"));
    // ... and once Redis is back, the page cached before the write is not served: the owed bump is made first.
    proxy.up();
    assertThat(only(api, token, s.location()).getString("nextAvailableAt")).isEqualTo(s.at(s.day(), "09:30"));
  }

  private static List<String> keys(Vertx vertx, String pattern) throws Exception {
    Redis client = Redis.createClient(vertx, TestEnvironment.redisUrl());
    try {
      return RedisAPI.api(client).keys(pattern).await(10, TimeUnit.SECONDS).stream().map(Object::toString).toList();
    } finally {
      client.close();
    }
  }
}
