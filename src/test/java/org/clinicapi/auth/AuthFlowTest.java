package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.sessions.AuthCookies;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Accounts and sessions: register, login, refresh rotation, logout, throttling, cookies with CSRF")
class AuthFlowTest {
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    // Every test here signs in from 127.0.0.1; the throttle has its own server below.
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("registering creates a patient, answers tokens and queues the verification e-mail in the outbox")
  void registerCreatesPatientAndOutboxRow() throws Exception {
    JsonObject data = api.registerPatient("Ada Lovelace");
    assertThat(data.getJsonObject("user").getString("role")).isEqualTo("patient");
    assertThat(data.getString("accessToken")).contains(".");
    assertThat(data.getString("refreshToken")).isNotBlank();
    assertThat(data.getInteger("expiresIn")).isEqualTo(900);
    HttpResponse<Buffer> me = api.get("/api/v1/users/me", data.getString("accessToken"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getJsonObject("data").getString("email")).isEqualTo(data.getString("email"));
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         PreparedStatement s = c.prepareStatement("SELECT kind, channel FROM outbox WHERE user_id = ?")) {
      s.setObject(1, UUID.fromString(data.getJsonObject("user").getString("id")));
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("kind")).isEqualTo("welcome_verify_email");
        assertThat(rows.getString("channel")).isEqualTo("email");
      }
    }
  }

  @Test
  @DisplayName("a taken e-mail is 409 CONFLICT and a weak password is a 400 naming the field")
  void registerRejectsTakenEmailAndWeakPassword() {
    JsonObject first = api.registerPatient("Grace Hopper");
    HttpResponse<Buffer> again = api.post("/api/v1/auth/register", null,
        new JsonObject().put("email", first.getString("email")).put("password", ApiClient.PASSWORD).put("name", "X"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("CONFLICT");
    HttpResponse<Buffer> weak = api.post("/api/v1/auth/register", null,
        new JsonObject().put("email", "weak@example.com").put("password", "password123").put("name", ""));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field"))).contains("password", "name");
  }

  @Test
  @DisplayName("unknown e-mail and wrong password get the same 401 answer")
  void loginFailuresIndistinguishable() {
    JsonObject user = api.registerPatient("Alan Turing");
    HttpResponse<Buffer> wrong = api.post("/api/v1/auth/login", null,
        new JsonObject().put("email", user.getString("email")).put("password", "not the password at all"));
    HttpResponse<Buffer> unknown = api.post("/api/v1/auth/login", null,
        new JsonObject().put("email", "nobody." + UUID.randomUUID() + "@example.com").put("password", "not the password at all"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo(unknown.bodyAsJsonObject().getJsonObject("error").getString("message"));
  }

  @Test
  @DisplayName("refresh rotates the token; reusing a rotated one ends the whole session at once")
  void refreshReuseRevokesSession() {
    JsonObject user = api.registerPatient("Edsger Dijkstra");
    String firstRefresh = user.getString("refreshToken");
    HttpResponse<Buffer> rotated = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", firstRefresh));
    assertThat(rotated.statusCode()).isEqualTo(200);
    JsonObject second = rotated.bodyAsJsonObject().getJsonObject("data");
    assertThat(second.getString("refreshToken")).isNotEqualTo(firstRefresh);
    assertThat(api.get("/api/v1/users/me", second.getString("accessToken")).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> reuse = api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", firstRefresh));
    assertThat(reuse.statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/users/me", second.getString("accessToken")).statusCode()).as("access token of the session").isEqualTo(401);
    assertThat(api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", second.getString("refreshToken"))).statusCode())
        .as("the newest refresh token too").isEqualTo(401);
  }

  @Test
  @DisplayName("logout revokes the access token now, not at expiry")
  void logoutTakesEffectAtOnce() {
    JsonObject user = api.registerPatient("Barbara Liskov");
    String token = user.getString("accessToken");
    assertThat(api.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
    assertThat(api.post("/api/v1/auth/logout", token, null).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> after = api.get("/api/v1/users/me", token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  @DisplayName("five failed logins for an account lock it for the window: 429 with Retry-After, even with the right password")
  void loginThrottledAfterFiveFailures(Vertx vertx) {
    try (TestServer throttled = TestServer.start(new JsonObject()
        .put("REDIS_KEY_PREFIX", TestEnvironment.keyPrefix() + "throttle-" + UUID.randomUUID() + ":"))) {
      assertThrottled(new ApiClient(vertx, throttled));
    }
  }

  private static void assertThrottled(ApiClient api) {
    JsonObject user = api.registerPatient("Ken Thompson");
    JsonObject wrong = new JsonObject().put("email", user.getString("email")).put("password", "wrong password 123");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/api/v1/auth/login", null, wrong).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> limited = api.post("/api/v1/auth/login", null,
        new JsonObject().put("email", user.getString("email")).put("password", ApiClient.PASSWORD));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 900);
  }

  @Test
  @DisplayName("cookie sign-in: HttpOnly cookies are set; an unsafe cookie request needs the CSRF header")
  void cookieModeRequiresCsrf() {
    JsonObject user = api.registerPatient("Margaret Hamilton");
    HttpResponse<Buffer> login = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", user.getString("email")).put("password", ApiClient.PASSWORD)));
    String access = cookie(login, AuthCookies.ACCESS);
    String csrf = cookie(login, AuthCookies.CSRF);
    assertThat(login.cookies()).anySatisfy(c -> assertThat(c).startsWith(AuthCookies.ACCESS + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Secure"));
    String cookies = AuthCookies.ACCESS + "=" + access + "; " + AuthCookies.CSRF + "=" + csrf;

    HttpResponse<Buffer> read = ApiClient.await(api.request(HttpMethod.GET, "/api/v1/users/me").putHeader("Cookie", cookies).send());
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject change = new JsonObject().put("name", "Margaret H.");
    HttpResponse<Buffer> noCsrf = ApiClient.await(api.request(HttpMethod.PATCH, "/api/v1/users/me").putHeader("Cookie", cookies).sendJsonObject(change));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> wrongCsrf = ApiClient.await(api.request(HttpMethod.PATCH, "/api/v1/users/me").putHeader("Cookie", cookies)
        .putHeader(AuthCookies.CSRF_HEADER, "forged").sendJsonObject(change));
    assertThat(wrongCsrf.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> withCsrf = ApiClient.await(api.request(HttpMethod.PATCH, "/api/v1/users/me").putHeader("Cookie", cookies)
        .putHeader(AuthCookies.CSRF_HEADER, csrf).sendJsonObject(change));
    assertThat(withCsrf.statusCode()).isEqualTo(200);
    assertThat(withCsrf.bodyAsJsonObject().getJsonObject("data").getString("name")).isEqualTo("Margaret H.");
  }

  @Test
  @DisplayName("the JWKS document publishes the verification key with its kid")
  void jwksPublishesKey() {
    HttpResponse<Buffer> jwks = api.get("/.well-known/jwks.json", null);
    assertThat(jwks.statusCode()).isEqualTo(200);
    JsonObject key = jwks.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kty")).isEqualTo("RSA");
    assertThat(key.getString("alg")).isEqualTo("RS256");
    assertThat(key.getString("kid")).isNotBlank();
    assertThat(key.containsKey("d")).as("no private part").isFalse();
  }

  private static String cookie(HttpResponse<Buffer> response, String name) {
    return response.cookies().stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).orElseThrow();
  }
}
