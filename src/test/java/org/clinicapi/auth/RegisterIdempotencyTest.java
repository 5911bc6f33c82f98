package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
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
@DisplayName("Registration honours Idempotency-Key: replays, key reuse with another body, concurrent duplicates")
class RegisterIdempotencyTest {
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

  private static JsonObject body(String email) {
    return new JsonObject().put("email", email).put("password", ApiClient.PASSWORD).put("name", "Idempotent Patient");
  }

  private static String email() {
    return "idem." + UUID.randomUUID() + "@example.com";
  }

  private static Future<HttpResponse<Buffer>> register(String key, JsonObject body) {
    return api.request(HttpMethod.POST, "/api/v1/auth/register").putHeader("Idempotency-Key", key).sendJsonObject(body);
  }

  private static long users(String email) {
    return Accounts.count("SELECT count(*) FROM users WHERE email = ?", email);
  }

  @Test
  @DisplayName("the same key and body twice: one account, and the second answer is the first 201 replayed")
  void sameKeySameBodyReplays() {
    String key = "register-" + UUID.randomUUID();
    String email = email();
    HttpResponse<Buffer> first = ApiClient.await(register(key, body(email)));
    HttpResponse<Buffer> second = ApiClient.await(register(key, body(email)));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(users(email)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ?"
        + " AND o.kind = 'welcome_verify_email'", email)).as("one welcome e-mail").isEqualTo(1);
  }

  @Test
  @DisplayName("the same key with a different body is 409 IDEMPOTENCY_KEY_REUSED and creates nothing")
  void sameKeyDifferentBodyConflicts() {
    String key = "register-" + UUID.randomUUID();
    String email = email();
    String other = email();
    assertThat(ApiClient.await(register(key, body(email))).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> reused = ApiClient.await(register(key, body(other)));

    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(reused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(users(other)).isZero();
    assertThat(users(email)).isEqualTo(1);
  }

  @Test
  @DisplayName("ten concurrent registrations with one key create exactly one account; the others are replays or in-progress conflicts")
  void concurrentDuplicatesCreateOneAccount() {
    String key = "register-" + UUID.randomUUID();
    String email = email();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(register(key, body(email)));
    }
    ApiClient.await(Future.join(calls));

    List<Integer> statuses = calls.stream().map(c -> c.result().statusCode()).toList();
    long created = calls.stream().filter(c -> c.result().statusCode() == 201 && c.result().getHeader("Idempotent-Replayed") == null).count();
    assertThat(statuses).as("statuses %s", statuses).containsOnly(201, 409);
    assertThat(created).as("fresh 201 answers").isEqualTo(1);
    assertThat(users(email)).isEqualTo(1);
    calls.stream().filter(c -> c.result().statusCode() == 409)
        .forEach(c -> assertThat(c.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("CONFLICT"));
  }
}
