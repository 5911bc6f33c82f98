package org.clinicapi.webhooks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Shortcuts of the webhook tests: subscriptions, a bookable clinic, and the receiver's side of the signature. */
final class Hooks {
  static final String BASE = "/api/v1/webhook-subscriptions";

  private Hooks() {
  }

  /**
   * A server for delivery tests: receivers are on 127.0.0.1, so private targets are allowed; polling, backoff and
   * timeouts are fast; sign-in limits lifted.
   */
  static org.clinicapi.support.TestServer deliveryServer() {
    return org.clinicapi.support.TestServer.start(new JsonObject().put("LOGIN_MAX_FAILURES", 1000)
        .put("RATE_LIMIT_PER_MINUTE", 100_000).put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000)
        .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", true).put("OUTBOX_POLL_MS", 100).put("OUTBOX_RETRY_BASE_SECONDS", 1)
        .put("OUTBOX_SEND_TIMEOUT_MS", 2000).put("OUTBOX_LEASE_SECONDS", 5));
  }

  static JsonObject subscribe(ApiClient api, String token, String url, String... events) {
    HttpResponse<Buffer> response = api.post(BASE, token, new JsonObject().put("url", url).put("events", new JsonArray(java.util.List.of(events))));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  static JsonArray deliveries(ApiClient api, String token, String subscriptionId) {
    HttpResponse<Buffer> response = api.get(BASE + "/" + subscriptionId + "/deliveries", token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }

  /** What a receiver does: recompute HMAC-SHA256(secret, t + "." + body) and compare with v1. */
  static boolean signatureValid(String secret, String header, String body) throws Exception {
    String[] parts = header.split(",");
    String t = parts[0].substring("t=".length());
    String v1 = parts[1].substring("v1=".length());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
  }

  /** Stops a test's subscriptions so later tests' events do not go to a closed receiver. */
  static void deactivateAll() {
    Accounts.update("UPDATE webhook_deliveries SET status = 'failed' WHERE status = 'queued'");
    Accounts.update("UPDATE webhook_subscriptions SET active = false, deactivated_at = now() WHERE active");
  }
}
