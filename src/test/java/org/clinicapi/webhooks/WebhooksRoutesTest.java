package org.clinicapi.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
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
import static org.clinicapi.webhooks.Hooks.BASE;

@ExtendWith(VertxExtension.class)
@DisplayName("Webhook subscriptions: superadmin only, SSRF refused, secret shown once, soft delete, audited")
class WebhooksRoutesTest {
  /** A public address written as a literal: creating the subscription needs no DNS here; nothing is sent to it. */
  private static final String PUBLIC_URL = "https://93.184.216.34/clinic/hook";
  private static TestServer server;
  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start(new JsonObject().put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000).put("WEBHOOK_ALLOW_PRIVATE_TARGETS", false).put("OUTBOX_POLL_MS", 100));
    api = new ApiClient(vertx, server);
    admin = Visits.token(api, Accounts.user(Role.SUPERADMIN));
  }

  @AfterAll
  static void stop() {
    Hooks.deactivateAll();
    server.close();
  }

  private static JsonObject body(String url) {
    return new JsonObject().put("url", url).put("events", new JsonArray().add("consultation.completed"));
  }

  private static List<String> fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
  }

  @Test
  @DisplayName("staff without webhooks:manage get 403 on every route, audited as denied")
  void nonSuperadminForbidden() {
    UUID clinic = Accounts.location("Hooks Forbidden");
    String manager = Visits.token(api, Accounts.user(Role.MANAGER, clinic));
    String patient = Visits.token(api, Visits.patient());

    HttpResponse<Buffer> create = api.post(BASE, manager, body(PUBLIC_URL));
    HttpResponse<Buffer> list = api.get(BASE, patient);
    HttpResponse<Buffer> deliveries = api.get(BASE + "/" + UUID.randomUUID() + "/deliveries", manager);

    assertThat(List.of(create.statusCode(), list.statusCode(), deliveries.statusCode())).containsOnly(403);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE request_id = ? AND outcome = 'denied'",
        create.getHeader("X-Request-Id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("URLs reaching loopback, private, metadata or a name resolving to loopback, and plain http, are 400 naming url")
  void ssrfTargetsRefused() {
    long before = Accounts.count("SELECT count(*) FROM webhook_subscriptions");
    for (String url : List.of("https://127.0.0.1/hook", "https://10.0.0.5/hook", "https://169.254.169.254/latest/meta-data/",
        "https://localhost/hook", "https://[::1]:8443/hook", "http://93.184.216.34/hook")) {
      HttpResponse<Buffer> response = api.post(BASE, admin, body(url));
      assertThat(response.statusCode()).as(url + " " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
      assertThat(fields(response)).as(url).containsExactly("url");
    }
    HttpResponse<Buffer> metadata = api.post(BASE, admin, body("https://169.254.169.254/"));
    assertThat(metadata.bodyAsString()).contains("metadata address");
    assertThat(Accounts.count("SELECT count(*) FROM webhook_subscriptions")).isEqualTo(before);
  }

  @Test
  @DisplayName("a bad body names every bad field: url, events, secret")
  void validationNamesEveryField() {
    HttpResponse<Buffer> response = api.post(BASE, admin, new JsonObject().put("events", new JsonArray().add("appointment.exploded"))
        .put("secret", "short"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactlyInAnyOrder("url", "events", "secret");
  }

  @Test
  @DisplayName("the 201 shows a generated secret once; reads never do; delete deactivates (twice is fine); all audited")
  void secretOnceAndSoftDelete() {
    HttpResponse<Buffer> created = api.post(BASE, admin, body(PUBLIC_URL));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject data = created.bodyAsJsonObject().getJsonObject("data");
    String id = data.getString("id");
    String secret = data.getString("secret");

    HttpResponse<Buffer> one = api.get(BASE + "/" + id, admin);
    HttpResponse<Buffer> list = api.get(BASE + "?limit=100", admin);
    HttpResponse<Buffer> deleted = api.call(HttpMethod.DELETE, BASE + "/" + id, admin, null);
    HttpResponse<Buffer> again = api.call(HttpMethod.DELETE, BASE + "/" + id, admin, null);
    HttpResponse<Buffer> unknown = api.call(HttpMethod.DELETE, BASE + "/" + UUID.randomUUID(), admin, null);
    JsonObject after = api.get(BASE + "/" + id, admin).bodyAsJsonObject().getJsonObject("data");

    assertThat(secret).startsWith("whsec_").hasSizeGreaterThanOrEqualTo(40);
    assertThat(data.getBoolean("active")).isTrue();
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.bodyAsString()).doesNotContain(secret).doesNotContain("\"secret\"");
    assertThat(list.bodyAsString()).contains(id).doesNotContain(secret).doesNotContain("\"secret\"");
    assertThat(List.of(deleted.statusCode(), again.statusCode(), unknown.statusCode())).containsExactly(204, 204, 404);
    assertThat(after.getBoolean("active")).isFalse();
    assertThat(after.getString("deactivatedAt")).isNotNull();
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'webhook.create' AND outcome = 'success' AND resource_id = ?",
        id)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'webhook.delete' AND outcome = 'success' AND resource_id = ?",
        id)).isEqualTo(1);
  }

  @Test
  @DisplayName("the target is checked again at delivery time: a subscription whose host now reaches loopback is not called")
  void deliveryTimeGuard(Vertx vertx) throws Exception {
    try (Receiver receiver = new Receiver(vertx)) {
      // As if its DNS had changed since the subscription was made: the row points at 127.0.0.1 now.
      UUID id = (UUID) Accounts.value("""
          INSERT INTO webhook_subscriptions (url, events, secret) VALUES (?, ARRAY['appointment.created'], ?) RETURNING id
          """, "https://127.0.0.1:" + receiver.port() + "/rebound", "x".repeat(40));
      Clinic clinic = Clinic.create("Hooks Rebinding");
      Visits.appointment(Accounts.idOf(Visits.patient()), clinic.provider(), clinic.location(), "scheduled");

      Eventually.until(() -> Hooks.deliveries(api, admin, id.toString()).getJsonObject(0).getInteger("attempts") >= 1);
      JsonObject delivery = Hooks.deliveries(api, admin, id.toString()).getJsonObject(0);

      assertThat(delivery.getString("lastError")).isEqualTo("target_loopback");
      assertThat(delivery.getString("status")).isEqualTo("queued");
      assertThat(receiver.on("/rebound")).isEmpty();
      assertThat(api.call(HttpMethod.DELETE, BASE + "/" + id, admin, null).statusCode()).isEqualTo(204);
      assertThat(Hooks.deliveries(api, admin, id.toString()).getJsonObject(0).getString("status")).isEqualTo("failed");
    }
  }
}
