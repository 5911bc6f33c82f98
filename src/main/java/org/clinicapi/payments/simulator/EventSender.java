package org.clinicapi.payments.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds events as Stripe does and POSTs them to the webhook URL, signed per attempt
 * ({@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}), retrying a non-2xx answer
 * or a failed connection a few times with doubling delays (Stripe retries for days; a simulator need not).
 * Logs name event types and ids only, never their objects.
 */
final class EventSender {
  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);
  private static final int ATTEMPTS = 5;
  private static final long FIRST_RETRY_MS = 100;
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String secret;
  private final List<JsonObject> emitted = new CopyOnWriteArrayList<>();
  private volatile String url;

  EventSender(Vertx vertx, WebClient client, String secret, String url) {
    this.vertx = vertx;
    this.client = client;
    this.secret = secret;
    this.url = url;
  }

  void url(String url) {
    this.url = url;
  }

  void close() {
    client.close();
  }

  List<JsonObject> emitted() {
    return List.copyOf(emitted);
  }

  /** A new event carrying a snapshot of {@code object}. */
  static JsonObject event(String type, JsonObject object, Cause cause) {
    JsonObject event = new JsonObject().put("id", SimIds.next("evt_")).put("object", "event")
        .put("api_version", com.stripe.Stripe.API_VERSION).put("created", SimIds.now()).put("type", type)
        .put("livemode", false).put("pending_webhooks", 1)
        .put("request", new JsonObject().put("id", cause.requestId()).put("idempotency_key", cause.idempotencyKey()))
        .put("data", new JsonObject().put("object", object.copy()));
    if ("account".equals(object.getString("object"))) {
      // Connect events name the connected account they concern
      event.put("account", object.getString("id"));
    }
    return event;
  }

  StripeSimulator.SignedEvent sign(JsonObject event, long timestamp) {
    String body = event.encode();
    return new StripeSimulator.SignedEvent(event.getString("id"), body, header(secret, timestamp, body));
  }

  static String header(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Completes once the receiver answered 2xx; without a webhook URL the event is only kept in {@link #emitted}. */
  Future<Void> deliver(JsonObject event) {
    emitted.add(event);
    String target = url;
    if (target == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    attempt(target, event, 1, FIRST_RETRY_MS, done);
    return done.future();
  }

  private void attempt(String target, JsonObject event, int attempt, long nextDelayMs, Promise<Void> done) {
    StripeSimulator.SignedEvent signed = sign(event, SimIds.now());
    client.postAbs(target).timeout(REQUEST_TIMEOUT_MS)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Stripe-Signature", signed.signatureHeader())
        .sendBuffer(Buffer.buffer(signed.body()))
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 0;
          if (status >= 200 && status < 300) {
            done.complete();
          } else if (attempt < ATTEMPTS) {
            vertx.setTimer(nextDelayMs, t -> attempt(target, event, attempt + 1, nextDelayMs * 2, done));
          } else {
            LOG.warn("webhook {} {} not accepted after {} attempts (last: {})", event.getString("type"),
                event.getString("id"), ATTEMPTS, status == 0 ? "no answer" : "HTTP " + status);
            done.fail(new IllegalStateException("webhook " + event.getString("type") + " not accepted after "
                + ATTEMPTS + " attempts (last: " + (status == 0 ? "no answer" : "HTTP " + status) + ")"));
          }
        });
  }
}
