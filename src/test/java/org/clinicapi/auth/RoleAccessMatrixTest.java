package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.api.RolePermissions;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every identity endpoint, through the real server. The expected answer of each cell
 * comes from {@link RolePermissions} (and the contract for the patient's access log), not from a second
 * hand-written table, so the test and the permission table cannot drift apart silently.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Each role gets 2xx or 403 on every identity endpoint exactly as its permissions say; no token is 401")
class RoleAccessMatrixTest {
  private static TestServer server;
  private static ApiClient api;
  private static UUID clinic;
  private static UUID spareLocation;
  private static UUID target;
  private static final Map<Role, String> EMAILS = new EnumMap<>(Role.class);

  /** One endpoint: how to call it, and who may. */
  private record Endpoint(String label, HttpMethod method, Function<Role, String> path, Function<Role, JsonObject> body,
      Predicate<Role> allowed) {
  }

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    clinic = Accounts.location("Matrix Clinic");
    spareLocation = Accounts.location("Matrix Annex");
    for (Role role : Role.values()) {
      EMAILS.put(role, role.staff() && role != Role.SUPERADMIN ? Accounts.user(role, clinic) : Accounts.user(role));
    }
    target = Accounts.idOf(Accounts.user(Role.NURSE, clinic));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Predicate<Role> holds(Permission permission) {
    return role -> RolePermissions.grants(role, permission);
  }

  private static List<Endpoint> endpoints() {
    Predicate<Role> anyone = role -> true;
    Function<Role, JsonObject> none = role -> null;
    return List.of(
        new Endpoint("GET /users/me", HttpMethod.GET, r -> "/users/me", none, anyone),
        new Endpoint("PATCH /users/me", HttpMethod.PATCH, r -> "/users/me", r -> new JsonObject().put("name", "Test " + r.wire()), anyone),
        new Endpoint("GET /users", HttpMethod.GET, r -> "/users", none, holds(Permission.USERS_MANAGE)),
        new Endpoint("POST /users", HttpMethod.POST, r -> "/users", r -> new JsonObject()
            .put("email", "made-by-" + r.wire() + "." + UUID.randomUUID() + "@staff.example.com").put("name", "New Nurse")
            .put("role", "nurse").put("locationIds", new JsonArray().add(clinic.toString())), holds(Permission.USERS_MANAGE)),
        new Endpoint("PATCH /users/{id}", HttpMethod.PATCH, r -> "/users/" + target, r -> new JsonObject().put("active", true),
            holds(Permission.USERS_MANAGE)),
        new Endpoint("GET /locations", HttpMethod.GET, r -> "/locations", none, anyone),
        new Endpoint("POST /locations", HttpMethod.POST, r -> "/locations",
            r -> new JsonObject().put("name", "Opened by " + r.wire()).put("timeZone", "America/Detroit"), holds(Permission.LOCATIONS_WRITE)),
        new Endpoint("PATCH /locations/{id}", HttpMethod.PATCH, r -> "/locations/" + spareLocation,
            r -> new JsonObject().put("name", "Renamed by " + r.wire()), holds(Permission.LOCATIONS_WRITE)),
        new Endpoint("GET /audit-events", HttpMethod.GET, r -> "/audit-events", none, holds(Permission.AUDIT_READ)),
        new Endpoint("GET /audit-events/verify", HttpMethod.GET, r -> "/audit-events/verify", none, holds(Permission.AUDIT_READ)),
        new Endpoint("GET /audit-events/export", HttpMethod.GET, r -> "/audit-events/export", none, holds(Permission.AUDIT_READ)),
        new Endpoint("GET /users/me/access-log", HttpMethod.GET, r -> "/users/me/access-log", none, role -> role == Role.PATIENT),
        new Endpoint("POST /auth/logout", HttpMethod.POST, r -> "/auth/logout", none, anyone));
  }

  @Test
  @DisplayName("9 roles and no token × 13 endpoints: every cell answers as RolePermissions and the contract say")
  void everyRoleEveryEndpointMatchesPermissions() {
    List<Endpoint> endpoints = endpoints();
    List<Role> rows = new ArrayList<>(Arrays.asList(Role.values()));
    rows.add(null);
    StringBuilder table = new StringBuilder(String.format("%-18s", "role"));
    endpoints.forEach(e -> table.append(" | ").append(e.label()));
    table.append('\n');
    int mismatches = 0;
    for (Role role : rows) {
      table.append(String.format("%-18s", role == null ? "(no token)" : role.wire()));
      for (Endpoint endpoint : endpoints) {
        String expected = role == null ? "401" : endpoint.allowed().test(role) ? "2xx" : "403";
        // Logout ends the session it is called with: it gets a session of its own.
        String token = role == null ? null : endpoint.label().endsWith("logout") ? signIn(role) : session(role);
        int status = api.call(endpoint.method(), "/api/v1" + endpoint.path().apply(role), token,
            role == null ? endpoint.body().apply(Role.USER) : endpoint.body().apply(role)).statusCode();
        String actual = status >= 200 && status < 300 ? "2xx" : Integer.toString(status);
        boolean ok = actual.equals(expected);
        mismatches += ok ? 0 : 1;
        String cell = ok ? actual : actual + "≠" + expected;
        table.append(" | ").append(String.format("%-" + endpoint.label().length() + "s", cell));
      }
      table.append('\n');
    }
    assertThat(mismatches).as("cells that differ (actual≠expected):%n%s", table).isZero();
  }

  @Test
  @DisplayName("the expected table is not vacuous: some roles are refused everything but their own profile")
  void expectationsDifferBetweenRoles() {
    long allowedForNurse = endpoints().stream().filter(e -> e.allowed().test(Role.NURSE)).count();
    long allowedForSuperadmin = endpoints().stream().filter(e -> e.allowed().test(Role.SUPERADMIN)).count();
    assertThat(allowedForNurse).isEqualTo(4);
    assertThat(allowedForSuperadmin).isEqualTo(12);
  }

  private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

  private static String session(Role role) {
    return TOKENS.computeIfAbsent(role, RoleAccessMatrixTest::signIn);
  }

  private static String signIn(Role role) {
    return api.login(EMAILS.get(role), ApiClient.PASSWORD).getString("accessToken");
  }
}
