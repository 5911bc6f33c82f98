package org.clinicapi.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("When the password-hashing pool is full, sign-ins get 503 at once instead of queueing")
class PasswordPoolSaturationTest {

  @Test
  @DisplayName("with one hashing thread and no queue, a burst of logins yields some 503s with Retry-After and no other errors")
  void burstBeyondPoolUnavailable(Vertx vertx) {
    try (TestServer server = TestServer.start(new JsonObject().put("PASSWORD_HASH_THREADS", 1)
        .put("PASSWORD_HASH_MAX_QUEUED", 0).put("LOGIN_MAX_FAILURES", 1000))) {
      ApiClient api = new ApiClient(vertx, server);
      JsonObject user = api.registerPatient("Burst Tester");
      WebClient web = WebClient.create(vertx);
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(web.post(server.port(), "127.0.0.1", "/api/v1/auth/login")
            .sendJsonObject(new JsonObject().put("email", user.getString("email")).put("password", ApiClient.PASSWORD)));
      }
      ApiClient.await(Future.join(calls));
      List<Integer> statuses = calls.stream().map(f -> f.result().statusCode()).toList();
      assertThat(statuses).contains(200, 503).allMatch(s -> s == 200 || s == 503);
      HttpResponse<Buffer> refused = calls.stream().map(Future::result).filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
    }
  }
}
