package org.clinicapi.auth;

import com.nimbusds.jose.JOSEObjectType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.clinicapi.auth.sessions.AuthCookies;
import org.clinicapi.common.RequestId;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Staff sign-in with Google: PKCE, state and nonce, verified e-mail, allowed domains, find/link/create")
class OidcLoginTest {
  private static final String ISSUER_ID = "google";
  private static final String CLIENT_ID = "clinic-api-test";
  private static MockOAuth2Server google;
  private static TestServer server;
  private static ApiClient api;
  private static WebClient browser;
  private static RedisAPI redis;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    google = new MockOAuth2Server();
    google.start(InetAddress.getLoopbackAddress(), TestServer.freePort());
    int port = TestServer.freePort();
    server = TestServer.start(new JsonObject()
        .put("HTTP_PORT", port)
        .put("OIDC_ISSUER", google.issuerUrl(ISSUER_ID).toString())
        .put("OIDC_CLIENT_ID", CLIENT_ID)
        .put("OIDC_CLIENT_SECRET", "test-secret")
        .put("OIDC_REDIRECT_URI", "http://127.0.0.1:" + port + "/api/v1/auth/oidc/google/callback")
        .put("OIDC_ALLOWED_DOMAINS", "clinic.example"));
    api = new ApiClient(vertx, server);
    browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    redis = RedisAPI.api(Redis.createClient(vertx, TestEnvironment.redisUrl()));
  }

  @AfterAll
  static void stop() {
    server.close();
    google.shutdown();
  }

  @Test
  @DisplayName("the start redirects to the issuer with code flow, S256 PKCE, state, nonce and the openid email profile scope")
  void startRedirectsWithPkce() {
    Map<String, String> query = query(startSignIn());
    assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
        .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
    assertThat(query.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "email", "profile");
    assertThat(query.get("code_challenge")).hasSize(43);
  }

  @Test
  @DisplayName("a first sign-in creates a role-less `user` with tokens that work; the second finds the same user")
  void firstSignInCreatesUserSecondFindsIt() throws Exception {
    String email = "new.staff." + UUID.randomUUID() + "@clinic.example";
    String subject = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = signIn(subject, claims(email, true, "clinic.example"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    JsonObject data = first.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getJsonObject("user").getString("role")).isEqualTo("user");
    assertThat(data.getString("refreshToken")).isNotBlank();
    assertThat(first.cookies()).anyMatch(c -> c.startsWith(AuthCookies.REFRESH + "="));
    HttpResponse<Buffer> me = api.get("/api/v1/users/me", data.getString("accessToken"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getJsonObject("data").getString("email")).isEqualTo(email);
    assertThat(outcome(first)).isEqualTo("success");

    HttpResponse<Buffer> second = signIn(subject, claims(email, true, "clinic.example"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id"))
        .isEqualTo(data.getJsonObject("user").getString("id"));
    assertThat(column(email, "password_hash")).isNull();
    assertThat(column(email, "email_verified")).isEqualTo("true");
  }

  @Test
  @DisplayName("an existing staff account with the same e-mail is linked, keeping its role")
  void existingStaffIsLinked() throws Exception {
    String email = "nurse." + UUID.randomUUID() + "@clinic.example";
    sql("INSERT INTO users (email, name, role) VALUES (?, 'Nurse Joy', 'nurse')", email);
    HttpResponse<Buffer> response = signIn(UUID.randomUUID().toString(), claims(email, true, "clinic.example"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("role")).isEqualTo("nurse");
    assertThat(column(email, "oidc_subject")).isNotNull();
  }

  @Test
  @DisplayName("a patient account with the same e-mail is never linked: 403 FORBIDDEN, audited as denied")
  void patientAccountIsNotLinked() throws Exception {
    String email = "patient." + UUID.randomUUID() + "@clinic.example";
    sql("INSERT INTO users (email, name, role) VALUES (?, 'Pat Ient', 'patient')", email);
    HttpResponse<Buffer> response = signIn(UUID.randomUUID().toString(), claims(email, true, "clinic.example"));
    assertRefused(response, 403, "FORBIDDEN");
    assertThat(column(email, "oidc_subject")).isNull();
  }

  @Test
  @DisplayName("a domain outside OIDC_ALLOWED_DOMAINS is 403, whether it comes from `hd` or from the e-mail")
  void wrongDomainRefused() {
    String email = "someone." + UUID.randomUUID() + "@gmail.com";
    assertRefused(signIn(UUID.randomUUID().toString(), claims(email, true, null)), 403, "FORBIDDEN");
    assertRefused(signIn(UUID.randomUUID().toString(), claims("x." + UUID.randomUUID() + "@clinic.example", true, "other.example")),
        403, "FORBIDDEN");
  }

  @Test
  @DisplayName("email_verified=false is 403 and creates no user")
  void unverifiedEmailRefused() throws Exception {
    String email = "unverified." + UUID.randomUUID() + "@clinic.example";
    assertRefused(signIn(UUID.randomUUID().toString(), claims(email, false, "clinic.example")), 403, "FORBIDDEN");
    assertThat(column(email, "id")).isNull();
  }

  @Test
  @DisplayName("an unknown state, a missing state and a replayed callback are refused")
  void badAndReplayedStateRefused() {
    assertRefused(api.get("/api/v1/auth/oidc/google/callback?code=abc&state=" + UUID.randomUUID(), null), 401, "UNAUTHENTICATED");
    assertRefused(api.get("/api/v1/auth/oidc/google/callback?code=abc", null), 400, "VALIDATION_ERROR");
    String callback = authorize(UUID.randomUUID().toString(), claims("r." + UUID.randomUUID() + "@clinic.example", true, "clinic.example"));
    assertThat(api.get(callback, null).statusCode()).isEqualTo(200);
    assertRefused(api.get(callback, null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("an ID token whose nonce differs from the one stored with the state is 401")
  void wrongNonceRefused() {
    String location = startSignIn();
    String state = query(location).get("state");
    String key = server.config().redis().keyPrefix() + "oidc-state:" + state;
    JsonObject stored = new JsonObject(ApiClient.await(redis.get(key)).toString());
    ApiClient.await(redis.set(List.of(key, stored.put("nonce", "not-the-nonce-google-saw").encode(), "EX", "600")));
    google.enqueueCallback(callback(UUID.randomUUID().toString(), claims("n." + UUID.randomUUID() + "@clinic.example", true, "clinic.example")));
    assertRefused(api.get(followToIssuer(location), null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("an issuer unreachable at start leaves the server up and the sign-in routes answering 503")
  void discoveryFailureIs503(Vertx vertx) throws Exception {
    try (TestServer broken = TestServer.start(new JsonObject()
        .put("OIDC_ISSUER", "http://127.0.0.1:" + TestServer.freePort() + "/nobody-listens")
        .put("OIDC_CLIENT_ID", CLIENT_ID).put("OIDC_ALLOWED_DOMAINS", "clinic.example"))) {
      ApiClient client = new ApiClient(vertx, broken);
      assertRefusedWith(client.get("/api/v1/auth/oidc/google", null), 503, "SERVICE_UNAVAILABLE");
      assertRefusedWith(client.get("/api/v1/auth/oidc/google/callback?code=a&state=b", null), 503, "SERVICE_UNAVAILABLE");
      assertThat(client.post("/api/v1/auth/login", null, new JsonObject().put("email", "a@b.example").put("password", "x".repeat(12)))
          .statusCode()).as("the rest of the API").isEqualTo(401);
    }
  }

  private static HttpResponse<Buffer> signIn(String subject, Map<String, Object> claims) {
    return api.get(authorize(subject, claims), null);
  }

  /** The browser part: our redirect to the issuer, the issuer's redirect back; returns the callback path and query. */
  private static String authorize(String subject, Map<String, Object> claims) {
    google.enqueueCallback(callback(subject, claims));
    return followToIssuer(startSignIn());
  }

  private static String startSignIn() {
    HttpResponse<Buffer> start = ApiClient.await(api.request(HttpMethod.GET, "/api/v1/auth/oidc/google").followRedirects(false).send());
    assertThat(start.statusCode()).as(start.bodyAsString()).isEqualTo(302);
    return start.getHeader("Location");
  }

  private static String followToIssuer(String authorizeUrl) {
    HttpResponse<Buffer> issuer = ApiClient.await(browser.getAbs(authorizeUrl).send());
    assertThat(issuer.statusCode()).as(issuer.bodyAsString()).isEqualTo(302);
    URI back = URI.create(issuer.getHeader("Location"));
    assertThat(query(back.toString())).containsKeys("code", "state");
    return back.getRawPath() + "?" + back.getRawQuery();
  }

  private static DefaultOAuth2TokenCallback callback(String subject, Map<String, Object> claims) {
    return new DefaultOAuth2TokenCallback(ISSUER_ID, subject, JOSEObjectType.JWT.getType(), List.of(CLIENT_ID), claims, 3600);
  }

  private static Map<String, Object> claims(String email, boolean verified, String hd) {
    Map<String, Object> claims = new HashMap<>(Map.of("email", email, "email_verified", verified, "name", "Test Staff"));
    if (hd != null) {
      claims.put("hd", hd);
    }
    return claims;
  }

  private static void assertRefusedWith(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
  }

  /** Refused in the envelope, and audited as a denied auth.oidc_login before the answer. */
  private static void assertRefused(HttpResponse<Buffer> response, int status, String code) {
    assertRefusedWith(response, status, code);
    try {
      assertThat(outcome(response)).as("audited refusal").isEqualTo("denied");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The audit outcome recorded for the request (found by its request id). */
  private static String outcome(HttpResponse<Buffer> response) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         PreparedStatement s = c.prepareStatement("SELECT outcome FROM audit_events WHERE action = 'auth.oidc_login' AND request_id = ?")) {
      s.setString(1, response.getHeader(RequestId.HEADER));
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static String column(String email, String column) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         PreparedStatement s = c.prepareStatement("SELECT " + column + "::text FROM users WHERE email = ?")) {
      s.setString(1, email);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static void sql(String statement, String email) throws Exception {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl()); PreparedStatement s = c.prepareStatement(statement)) {
      s.setString(1, email);
      s.executeUpdate();
    }
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
