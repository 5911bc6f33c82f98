package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
@DisplayName("Password reset and e-mail verification: no enumeration, single-use expiring tokens, sessions end on reset")
class PasswordResetTest {
  private static final String NEW_PASSWORD = "a brand new passphrase";
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> forgot(String email) {
    return api.post("/api/v1/auth/password/forgot", null, new JsonObject().put("email", email));
  }

  private static HttpResponse<Buffer> reset(String token, String password) {
    return api.post("/api/v1/auth/password/reset", null, new JsonObject().put("token", token).put("newPassword", password));
  }

  private static HttpResponse<Buffer> verify(String token) {
    return api.post("/api/v1/auth/email/verify", null, new JsonObject().put("token", token));
  }

  private static int loginStatus(String email, String password) {
    return api.post("/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", password)).statusCode();
  }

  /** The secret of the user's newest outbox message of that kind, taken from its link. */
  private static String tokenFromOutbox(UUID userId, String kind) {
    String link = (String) Accounts.value("SELECT payload->>'link' FROM outbox WHERE user_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1",
        userId, kind);
    assertThat(link).as("outbox %s link", kind).isNotNull().contains("?token=");
    String token = link.substring(link.indexOf("?token=") + "?token=".length());
    assertThat(token).hasSizeGreaterThanOrEqualTo(20);
    return token;
  }

  private static void assertValidationError(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  @DisplayName("forgot answers 202 with the same body for a known and an unknown e-mail, and queues a link only for the known one")
  void forgotDoesNotEnumerate() {
    JsonObject user = api.registerPatient("Known Forgetter");
    UUID id = UUID.fromString(user.getJsonObject("user").getString("id"));
    long before = Accounts.count("SELECT count(*) FROM outbox WHERE kind = 'password_reset'");

    HttpResponse<Buffer> known = forgot(user.getString("email"));
    HttpResponse<Buffer> unknown = forgot("nobody." + UUID.randomUUID() + "@example.com");

    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(String.valueOf(unknown.bodyAsString())).isEqualTo(String.valueOf(known.bodyAsString()));
    assertThat(unknown.getHeader("Content-Type")).isEqualTo(known.getHeader("Content-Type"));
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE kind = 'password_reset'") - before).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM outbox WHERE kind = 'password_reset' AND user_id = ? AND channel = 'email'", id))
        .isEqualTo(1);
    assertThat(tokenFromOutbox(id, "password_reset")).isNotBlank();
  }

  @Test
  @DisplayName("a reset token sets the new password once, ends every earlier session, and cannot be used again")
  void resetChangesPasswordRevokesSessionsAndIsSingleUse() {
    JsonObject user = api.registerPatient("Reset Once");
    String email = user.getString("email");
    UUID id = UUID.fromString(user.getJsonObject("user").getString("id"));
    String oldAccess = user.getString("accessToken");
    String secondAccess = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    assertThat(api.get("/api/v1/users/me", oldAccess).statusCode()).as("before the reset").isEqualTo(200);
    assertThat(forgot(email).statusCode()).isEqualTo(202);
    String token = tokenFromOutbox(id, "password_reset");

    assertThat(reset(token, NEW_PASSWORD).statusCode()).isEqualTo(204);

    assertThat(loginStatus(email, ApiClient.PASSWORD)).as("old password").isEqualTo(401);
    assertThat(loginStatus(email, NEW_PASSWORD)).as("new password").isEqualTo(200);
    assertThat(api.get("/api/v1/users/me", oldAccess).statusCode()).as("registration session").isEqualTo(401);
    assertThat(api.get("/api/v1/users/me", secondAccess).statusCode()).as("login session").isEqualTo(401);
    assertThat(api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", user.getString("refreshToken"))).statusCode())
        .as("old refresh token").isEqualTo(401);

    assertValidationError(reset(token, "yet another passphrase"));
    assertThat(loginStatus(email, NEW_PASSWORD)).as("the reused token changed nothing").isEqualTo(200);
  }

  @Test
  @DisplayName("an expired reset token is a 400 and leaves the password as it was")
  void expiredResetTokenRejected() {
    JsonObject user = api.registerPatient("Too Late");
    String email = user.getString("email");
    UUID id = UUID.fromString(user.getJsonObject("user").getString("id"));
    assertThat(forgot(email).statusCode()).isEqualTo(202);
    String token = tokenFromOutbox(id, "password_reset");
    assertThat(Accounts.update("UPDATE one_time_tokens SET expires_at = now() - interval '1 minute'"
        + " WHERE user_id = ? AND purpose = 'reset_password' AND used_at IS NULL", id)).isEqualTo(1);

    assertValidationError(reset(token, NEW_PASSWORD));

    assertThat(loginStatus(email, ApiClient.PASSWORD)).isEqualTo(200);
    assertThat(loginStatus(email, NEW_PASSWORD)).isEqualTo(401);
  }

  @Test
  @DisplayName("a made-up token and a verify-email token are not reset tokens")
  void foreignTokensRejectedByReset() {
    JsonObject user = api.registerPatient("Wrong Purpose");
    UUID id = UUID.fromString(user.getJsonObject("user").getString("id"));
    assertValidationError(reset("made-up-" + UUID.randomUUID(), NEW_PASSWORD));
    assertValidationError(reset(tokenFromOutbox(id, "welcome_verify_email"), NEW_PASSWORD));
    assertThat(loginStatus(user.getString("email"), ApiClient.PASSWORD)).isEqualTo(200);
  }

  @Test
  @DisplayName("the welcome e-mail's token verifies the address once; a second use is a 400")
  void verifyEmailOnceThenRejected() {
    JsonObject user = api.registerPatient("Verify Me");
    UUID id = UUID.fromString(user.getJsonObject("user").getString("id"));
    assertThat((Boolean) Accounts.value("SELECT email_verified FROM users WHERE id = ?", id)).isFalse();
    String token = tokenFromOutbox(id, "welcome_verify_email");

    assertThat(verify(token).statusCode()).isEqualTo(204);

    assertThat((Boolean) Accounts.value("SELECT email_verified FROM users WHERE id = ?", id)).isTrue();
    assertThat(api.get("/api/v1/users/me", user.getString("accessToken")).bodyAsJsonObject().getJsonObject("data")
        .getBoolean("emailVerified")).isTrue();
    assertValidationError(verify(token));
  }

  @Test
  @DisplayName("a staff invitation's set-password link sets the first password once; the invited account can then sign in")
  void invitationLinkSetsFirstPassword() {
    String superadmin = api.login(Accounts.user(org.clinicapi.auth.api.Role.SUPERADMIN), ApiClient.PASSWORD).getString("accessToken");
    UUID clinic = Accounts.location("Invitation Clinic");
    String email = "invited." + UUID.randomUUID() + "@staff.example.com";
    HttpResponse<Buffer> created = api.post("/api/v1/users", superadmin, new JsonObject().put("email", email).put("name", "Invited Nurse")
        .put("role", "nurse").put("locationIds", new io.vertx.core.json.JsonArray().add(clinic.toString())));
    assertThat(created.statusCode()).isEqualTo(201);
    UUID id = Accounts.idOf(email);
    String token = tokenFromOutbox(id, "staff_invitation");
    assertThat(loginStatus(email, NEW_PASSWORD)).as("no password yet").isEqualTo(401);

    assertThat(reset(token, NEW_PASSWORD).statusCode()).isEqualTo(204);

    assertThat(loginStatus(email, NEW_PASSWORD)).isEqualTo(200);
    assertValidationError(reset(token, "yet another passphrase"));
  }
}
