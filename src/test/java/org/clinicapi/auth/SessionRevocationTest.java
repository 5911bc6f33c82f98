package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Changing a user's role or deactivating them ends their sessions at once")
class SessionRevocationTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static String superadmin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Revocation Clinic");
    superadmin = api.login(Accounts.user(Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> refresh(String refreshToken) {
    return api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", refreshToken));
  }

  private static HttpResponse<Buffer> patchUser(UUID id, JsonObject body) {
    return api.call(HttpMethod.PATCH, "/api/v1/users/" + id, superadmin, body);
  }

  @Test
  @DisplayName("after a role change the old access token is 401 on the very next request and the refresh token is dead")
  void roleChangeRevokesAccessAndRefresh() {
    String email = Accounts.user(Role.NURSE, clinic);
    JsonObject session = api.login(email, ApiClient.PASSWORD);
    String access = session.getString("accessToken");
    assertThat(api.get("/api/v1/users/me", access).statusCode()).as("before the change").isEqualTo(200);

    assertThat(patchUser(Accounts.idOf(email), new JsonObject().put("role", "medical_assistant")).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> next = api.get("/api/v1/users/me", access);
    assertThat(next.statusCode()).isEqualTo(401);
    assertThat(next.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
    JsonObject again = api.login(email, ApiClient.PASSWORD);
    HttpResponse<Buffer> fresh = api.get("/api/v1/users/me", again.getString("accessToken"));
    assertThat(fresh.statusCode()).as("signing in again works, with the new role").isEqualTo(200);
    assertThat(fresh.bodyAsJsonObject().getJsonObject("data").getString("role")).isEqualTo("medical_assistant");
  }

  @Test
  @DisplayName("after deactivation the old access token is 401, the refresh token is dead and signing in is refused")
  void deactivationRevokesAndBlocksLogin() {
    String email = Accounts.user(Role.NURSE, clinic);
    JsonObject session = api.login(email, ApiClient.PASSWORD);
    String access = session.getString("accessToken");
    assertThat(api.get("/api/v1/users/me", access).statusCode()).as("before the change").isEqualTo(200);

    assertThat(patchUser(Accounts.idOf(email), new JsonObject().put("active", false)).statusCode()).isEqualTo(200);

    assertThat(api.get("/api/v1/users/me", access).statusCode()).isEqualTo(401);
    assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> login = api.post("/api/v1/auth/login", null,
        new JsonObject().put("email", email).put("password", ApiClient.PASSWORD));
    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(login.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .as("the same answer as a wrong password").isEqualTo("Invalid email or password.");
    assertThat((Boolean) Accounts.value("SELECT active FROM users WHERE email = ?", email)).isFalse();
  }

  @Test
  @DisplayName("every open session of the user ends, not just one")
  void allSessionsOfUserRevoked() {
    String email = Accounts.user(Role.NURSE, clinic);
    String first = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    String second = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    String bystander = api.login(Accounts.user(Role.NURSE, clinic), ApiClient.PASSWORD).getString("accessToken");

    assertThat(patchUser(Accounts.idOf(email), new JsonObject().put("role", "pharmacy_tech")).statusCode()).isEqualTo(200);

    assertThat(api.get("/api/v1/users/me", first).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/users/me", second).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/users/me", bystander).statusCode()).as("another user's session").isEqualTo(200);
  }

  @Test
  @DisplayName("a node that starts after a logout already refuses the ended session (the list is loaded from Redis); live sessions still work there")
  void laterNodeLoadsRevokedSessions(Vertx vertx) {
    String email = Accounts.user(Role.NURSE, clinic);
    String ended = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    String live = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    assertThat(api.post("/api/v1/auth/logout", ended, null).statusCode()).isEqualTo(204);

    try (TestServer later = TestServer.lenient()) {
      ApiClient other = new ApiClient(vertx, later);
      assertThat(other.get("/api/v1/users/me", ended).statusCode()).isEqualTo(401);
      assertThat(other.get("/api/v1/users/me", live).statusCode()).isEqualTo(200);
    }
  }

  /**
   * Another process that is already running hears of the logout through Redis pub/sub. Delivery is
   * asynchronous (well under a millisecond here), so the check allows it one second, polling.
   */
  @Test
  @DisplayName("a node that is already running learns of a logout on another node within a second")
  void runningNodeLearnsOfLogoutOnAnotherNode(Vertx vertx) {
    String email = Accounts.user(Role.NURSE, clinic);
    String ended = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    try (TestServer other = TestServer.lenient()) {
      ApiClient second = new ApiClient(vertx, other);
      assertThat(second.get("/api/v1/users/me", ended).statusCode()).isEqualTo(200);
      assertThat(api.post("/api/v1/auth/logout", ended, null).statusCode()).isEqualTo(204);
      long deadline = System.nanoTime() + 1_000_000_000L;
      int status = second.get("/api/v1/users/me", ended).statusCode();
      while (status != 401 && System.nanoTime() < deadline) {
        ApiClient.await(vertx.timer(5));
        status = second.get("/api/v1/users/me", ended).statusCode();
      }
      assertThat(status).isEqualTo(401);
    }
  }
}
