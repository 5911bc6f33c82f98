package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Patient profile concurrency: two writes with the same ETag, sent together, give one 200 and one 412")
class ProfileConcurrencyTest {
  private static TestServer server;
  private static ApiClient api;
  private static ProfileCalls calls;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.lenient();
    api = new ApiClient(vertx, server);
    calls = new ProfileCalls(api);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Both requests are in flight before either answer is awaited; the database's conditional write decides. */
  private static List<Integer> race(String path, String first, String second, String etag) {
    Future<HttpResponse<Buffer>> a = calls.putAsync(path, first, etag, ProfileCalls.fullBody().put("sex", "female"));
    Future<HttpResponse<Buffer>> b = calls.putAsync(path, second, etag, ProfileCalls.fullBody().put("sex", "male"));
    ApiClient.await(Future.join(a, b));
    return List.of(a.result().statusCode(), b.result().statusCode());
  }

  @Test
  @DisplayName("two staff members writing the first profile (If-Match \"0\") and then the next version: one wins each time")
  void sameETagOneWins() {
    UUID location = Accounts.location("Race Clinic");
    String email = Visits.patient();
    UUID patient = Accounts.idOf(email);
    Visits.appointment(patient, Accounts.idOf(Visits.provider(location)), location, "scheduled");
    String nurse = Visits.token(api, Accounts.user(Role.NURSE, location));
    String provider = Visits.token(api, Accounts.user(Role.PROVIDER, location));
    String path = "/users/" + patient + "/profile";

    assertThat(race(path, nurse, provider, "\"0\"")).containsExactlyInAnyOrder(200, 412);
    assertThat(calls.get(path, nurse).getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(race(path, nurse, provider, "\"1\"")).containsExactlyInAnyOrder(200, 412);
    HttpResponse<Buffer> after = calls.get(path, nurse);
    assertThat(after.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(Accounts.count("SELECT version FROM patient_profiles WHERE patient_id = ?", patient)).isEqualTo(2);
    JsonObject data = after.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("sex")).isIn("female", "male");
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'profile.update' AND patient_id = ? AND outcome = 'success'",
        patient)).as("one success event per winning write").isEqualTo(2);
  }
}
