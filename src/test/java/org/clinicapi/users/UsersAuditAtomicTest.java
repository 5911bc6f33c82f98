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
 * Issue 10 item 5: a user write and its audit event commit together or not at all. The fault is real: a
 * trigger makes PostgreSQL refuse the audit rows of one actor, as a failing audit insert would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A user write and its audit event commit together or not at all")
class UsersAuditAtomicTest {
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

  @Test
  @DisplayName("audit insert refused: PATCH /users/{id} changes no role (5xx); once the fault is gone it does, with its event")
  void roleChangeWithoutItsAuditEventIsNotApplied() {
    String adminEmail = Accounts.user(Role.SUPERADMIN);
    UUID admin = Accounts.idOf(adminEmail);
    String token = api.login(adminEmail, ApiClient.PASSWORD).getString("accessToken");
    UUID target = Accounts.idOf(Accounts.user(Role.NURSE));
    JsonObject change = new JsonObject().put("role", "billing");
    AuditRefusal.actor(admin);
    try {
      HttpResponse<Buffer> refused = api.call(HttpMethod.PATCH, "/api/v1/users/" + target, token, change);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.value("SELECT role::text FROM users WHERE id = ?", target)).isEqualTo("nurse");
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> done = api.call(HttpMethod.PATCH, "/api/v1/users/" + target, token, change);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    assertThat(Accounts.value("SELECT role::text FROM users WHERE id = ?", target)).isEqualTo("billing");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.role_change' AND resource_id = ? "
        + "AND actor_id = ? AND outcome = 'success'", target.toString(), admin)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: PATCH /users/me changes no profile (5xx); once the fault is gone it does, with its event")
  void profileChangeWithoutItsAuditEventIsNotApplied() {
    JsonObject patient = api.registerPatient("Atomic Profile");
    String token = api.login(patient.getString("email"), ApiClient.PASSWORD).getString("accessToken");
    UUID id = Accounts.idOf(patient.getString("email"));
    JsonObject change = new JsonObject().put("name", "Renamed Atomically");
    AuditRefusal.actor(id);
    try {
      HttpResponse<Buffer> refused = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, change);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.value("SELECT name FROM users WHERE id = ?", id)).isEqualTo("Atomic Profile");
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> done = api.call(HttpMethod.PATCH, "/api/v1/users/me", token, change);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    assertThat(Accounts.value("SELECT name FROM users WHERE id = ?", id)).isEqualTo("Renamed Atomically");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.update' AND resource_id = ? "
        + "AND patient_id = ? AND outcome = 'success'", id.toString(), id)).isEqualTo(1);
  }

  @Test
  @DisplayName("audit insert refused: POST /users creates no account (5xx); once the fault is gone it does, with its event")
  void accountWithoutItsAuditEventIsNotCreated() {
    String adminEmail = Accounts.user(Role.SUPERADMIN);
    UUID admin = Accounts.idOf(adminEmail);
    String token = api.login(adminEmail, ApiClient.PASSWORD).getString("accessToken");
    UUID location = Accounts.location("Atomic Staff Clinic");
    String email = "atomic.staff." + UUID.randomUUID() + "@staff.example.com";
    JsonObject staff = new JsonObject().put("email", email).put("name", "Atomic Staff").put("role", "nurse")
        .put("locationIds", new JsonArray().add(location.toString()));
    AuditRefusal.actor(admin);
    try {
      HttpResponse<Buffer> refused = api.post("/api/v1/users", token, staff);
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isBetween(500, 599);
      assertThat(Accounts.count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    } finally {
      AuditRefusal.lift();
    }
    HttpResponse<Buffer> created = api.post("/api/v1/users", token, staff);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    UUID id = Accounts.idOf(email);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'user.create' AND resource_id = ? "
        + "AND actor_id = ? AND outcome = 'success'", id.toString(), admin)).isEqualTo(1);
  }
}
