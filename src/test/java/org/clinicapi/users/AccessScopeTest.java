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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Who may change whom: location scope, grant rules, no self-promotion, no mass assignment")
class AccessScopeTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID locationA;
  private static UUID locationB;
  private static UUID managerId;
  private static String manager;
  private static UUID superadminId;
  private static String superadmin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    locationA = Accounts.location("Scope Clinic A");
    locationB = Accounts.location("Scope Clinic B");
    String managerEmail = Accounts.user(Role.MANAGER, locationA);
    managerId = Accounts.idOf(managerEmail);
    manager = api.login(managerEmail, ApiClient.PASSWORD).getString("accessToken");
    String superadminEmail = Accounts.user(Role.SUPERADMIN);
    superadminId = Accounts.idOf(superadminEmail);
    superadmin = api.login(superadminEmail, ApiClient.PASSWORD).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> patchUser(String token, UUID id, JsonObject body) {
    return api.call(HttpMethod.PATCH, "/api/v1/users/" + id, token, body);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static String roleOf(UUID id) {
    return (String) Accounts.value("SELECT role FROM users WHERE id = ?", id);
  }

  @Test
  @DisplayName("a manager changing a nurse of another location gets the same 404 as for a user that does not exist, and the attempt is audited as denied")
  void managerOtherLocationNurseNotFoundAndAudited() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationB));
    long deniedBefore = Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = 'user.update' AND outcome = 'denied'"
        + " AND resource_id = ?", managerId, nurse.toString());

    HttpResponse<Buffer> hidden = patchUser(manager, nurse, new JsonObject().put("active", false));
    HttpResponse<Buffer> missing = patchUser(manager, UUID.randomUUID(), new JsonObject().put("active", false));

    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(code(hidden)).isEqualTo("NOT_FOUND");
    assertThat(hidden.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .as("indistinguishable from a user that does not exist")
        .isEqualTo(missing.bodyAsJsonObject().getJsonObject("error").getString("message"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat((Boolean) Accounts.value("SELECT active FROM users WHERE id = ?", nurse)).isTrue();
    long deniedAfter = Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = 'user.update' AND outcome = 'denied'"
        + " AND resource_id = ?", managerId, nurse.toString());
    assertThat(deniedAfter - deniedBefore).isEqualTo(1);
  }

  @Test
  @DisplayName("a manager may not grant manager or superadmin, neither by PATCH nor by creating an account")
  void managerGrantingPrivilegedRolesForbidden() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationA));
    for (String role : new String[] {"manager", "superadmin"}) {
      HttpResponse<Buffer> patched = patchUser(manager, nurse, new JsonObject().put("role", role));
      assertThat(patched.statusCode()).as("PATCH role %s", role).isEqualTo(403);
      assertThat(code(patched)).isEqualTo("FORBIDDEN");
      String email = "would-be-" + role + "." + UUID.randomUUID() + "@staff.example.com";
      HttpResponse<Buffer> created = api.post("/api/v1/users", manager, new JsonObject().put("email", email).put("name", "Would Be")
          .put("role", role).put("locationIds", new JsonArray().add(locationA.toString())));
      assertThat(created.statusCode()).as("POST role %s", role).isEqualTo(403);
      assertThat(Accounts.count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    }
    assertThat(roleOf(nurse)).isEqualTo("nurse");
  }

  @Test
  @DisplayName("nobody changes their own role, not even a superadmin")
  void ownRoleChangeForbidden() {
    HttpResponse<Buffer> managerSelf = patchUser(manager, managerId, new JsonObject().put("role", "nurse"));
    HttpResponse<Buffer> superadminSelf = patchUser(superadmin, superadminId, new JsonObject().put("role", "manager"));
    assertThat(managerSelf.statusCode()).isEqualTo(403);
    assertThat(superadminSelf.statusCode()).isEqualTo(403);
    assertThat(roleOf(managerId)).isEqualTo("manager");
    assertThat(roleOf(superadminId)).isEqualTo("superadmin");
  }

  @Test
  @DisplayName("a manager may not assign a location they do not have, neither by PATCH nor by creating an account")
  void managerAssigningForeignLocationForbidden() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationA));
    HttpResponse<Buffer> patched = patchUser(manager, nurse,
        new JsonObject().put("locationIds", new JsonArray().add(locationA.toString()).add(locationB.toString())));
    assertThat(patched.statusCode()).isEqualTo(403);
    assertThat(Accounts.count("SELECT count(*) FROM user_locations WHERE user_id = ? AND location_id = ?", nurse, locationB)).isZero();
    String email = "foreign." + UUID.randomUUID() + "@staff.example.com";
    HttpResponse<Buffer> created = api.post("/api/v1/users", manager, new JsonObject().put("email", email).put("name", "Foreign Nurse")
        .put("role", "nurse").put("locationIds", new JsonArray().add(locationB.toString())));
    assertThat(created.statusCode()).isEqualTo(403);
    assertThat(Accounts.count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = 'user.create' AND outcome = 'denied'",
        managerId)).as("the refused creation is audited").isPositive();
  }

  @Test
  @DisplayName("a manager may not remove a location they do not manage from a nurse who works at both")
  void managerRemovingForeignLocationForbidden() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationA, locationB));
    HttpResponse<Buffer> patched = patchUser(manager, nurse, new JsonObject().put("locationIds", new JsonArray().add(locationA.toString())));
    assertThat(patched.statusCode()).isEqualTo(403);
    assertThat(Accounts.count("SELECT count(*) FROM user_locations WHERE user_id = ? AND location_id = ?", nurse, locationB)).isOne();
  }

  @Test
  @DisplayName("a manager may change staff of their own location within the rules (the refusals above are not blanket refusals)")
  void managerChangesOwnLocationNurse() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationA));
    HttpResponse<Buffer> patched = patchUser(manager, nurse, new JsonObject().put("role", "medical_assistant"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(roleOf(nurse)).isEqualTo("medical_assistant");
  }

  @Test
  @DisplayName("a superadmin grants manager")
  void superadminGrantsManager() {
    UUID nurse = Accounts.idOf(Accounts.user(Role.NURSE, locationB));
    HttpResponse<Buffer> patched = patchUser(superadmin, nurse, new JsonObject().put("role", "manager"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getJsonObject("data").getString("role")).isEqualTo("manager");
    assertThat(roleOf(nurse)).isEqualTo("manager");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = 'user.role_change'"
        + " AND resource_id = ? AND outcome = 'success'", superadminId, nurse.toString())).isEqualTo(1);
  }

  @Test
  @DisplayName("PATCH /users/me ignores role, id and e-mail in the body and applies only the name")
  void updateMeIgnoresPrivilegedFields() {
    String email = Accounts.user(Role.NURSE, locationA);
    UUID id = Accounts.idOf(email);
    String token = api.login(email, ApiClient.PASSWORD).getString("accessToken");
    UUID other = UUID.randomUUID();
    HttpResponse<Buffer> response = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, new JsonObject()
        .put("name", "Renamed Nurse").put("role", "superadmin").put("id", other.toString()).put("email", "taken-over@example.com")
        .put("active", false).put("emailVerified", true).put("locationIds", new JsonArray().add(locationB.toString())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject data = response.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("id")).isEqualTo(id.toString());
    assertThat(data.getString("role")).isEqualTo("nurse");
    assertThat(data.getString("email")).isEqualTo(email);
    assertThat(data.getString("name")).isEqualTo("Renamed Nurse");
    assertThat(roleOf(id)).isEqualTo("nurse");
    assertThat((String) Accounts.value("SELECT email::text FROM users WHERE id = ?", id)).isEqualTo(email);
    assertThat((String) Accounts.value("SELECT name FROM users WHERE id = ?", id)).isEqualTo("Renamed Nurse");
    assertThat((Boolean) Accounts.value("SELECT active FROM users WHERE id = ?", id)).isTrue();
    assertThat((Boolean) Accounts.value("SELECT email_verified FROM users WHERE id = ?", id)).isFalse();
    assertThat(Accounts.count("SELECT count(*) FROM user_locations WHERE user_id = ? AND location_id = ?", id, locationB)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM users WHERE id = ? OR email = 'taken-over@example.com'", other)).isZero();
  }

  @Test
  @DisplayName("POST /users ignores fields it does not know (id, active, emailVerified, passwordHash)")
  void createUserIgnoresUnknownFields() {
    UUID chosenId = UUID.randomUUID();
    String email = "extra-fields." + UUID.randomUUID() + "@staff.example.com";
    HttpResponse<Buffer> created = api.post("/api/v1/users", superadmin, new JsonObject().put("email", email).put("name", "Extra Fields")
        .put("role", "nurse").put("locationIds", new JsonArray().add(locationA.toString()))
        .put("id", chosenId.toString()).put("active", false).put("emailVerified", true).put("passwordHash", "$argon2id$forged")
        .put("oidcSubject", "forged-subject"));

    assertThat(created.statusCode()).isEqualTo(201);
    UUID id = Accounts.idOf(email);
    assertThat(id).isNotEqualTo(chosenId);
    assertThat(created.bodyAsJsonObject().getJsonObject("data").getString("id")).isEqualTo(id.toString());
    assertThat((Boolean) Accounts.value("SELECT active FROM users WHERE id = ?", id)).isTrue();
    assertThat((Boolean) Accounts.value("SELECT email_verified FROM users WHERE id = ?", id)).isFalse();
    assertThat(Accounts.value("SELECT password_hash FROM users WHERE id = ?", id)).as("an invitation, no password").isNull();
    assertThat(Accounts.value("SELECT oidc_subject FROM users WHERE id = ?", id)).isNull();
    assertThat(roleOf(id)).isEqualTo("nurse");
  }

  @Test
  @DisplayName("A manager lists only patients seen at their locations, finds others by exact e-mail only, and % matches itself")
  void managerPatientListScopedToOwnLocations() {
    String seenEmail = Accounts.user(Role.PATIENT);
    String unseenEmail = Accounts.user(Role.PATIENT);
    UUID provider = Accounts.idOf(Accounts.user(Role.PROVIDER, locationA, locationB));
    Accounts.update("INSERT INTO providers (user_id, verified_at, verified_by, specialty, fee_amount, fee_currency) VALUES (?, now(), ?, 'General', 100, 'usd')", provider, provider);
    bookedAt(locationA, provider, Accounts.idOf(seenEmail), 1);
    bookedAt(locationB, provider, Accounts.idOf(unseenEmail), 2);

    JsonArray patients = listUsers("?role=patient&limit=100");
    assertThat(patients.stream().map(u -> ((JsonObject) u).getString("email"))).contains(seenEmail).doesNotContain(unseenEmail);
    assertThat(listUsers("?search=" + unseenEmail).stream().map(u -> ((JsonObject) u).getString("id")))
        .containsExactly(Accounts.idOf(unseenEmail).toString());
    assertThat(listUsers("?search=%25")).isEmpty();
    String waiting = Accounts.user(Role.USER);
    assertThat(listUsers("?role=user&limit=100").stream().map(u -> ((JsonObject) u).getString("email"))).contains(waiting);
  }

  private static void bookedAt(UUID location, UUID provider, UUID patient, int daysAhead) {
    Accounts.update("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by)
        VALUES (?, ?, ?, now() + make_interval(days => ?), now() + make_interval(days => ?, mins => 30), 'scheduled', 'Check-up', ?)
        """, patient, provider, location, daysAhead, daysAhead, patient);
  }

  private static JsonArray listUsers(String query) {
    HttpResponse<Buffer> response = api.get("/api/v1/users" + query, manager);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }
}
