package org.clinicapi.payments;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Shortcuts of the Stripe event tests: a payment with its intent, signed deliveries, and our rows. */
final class StripeEventsSupport {
  static final String WEBHOOK = "/api/v1/webhooks/stripe";
  /** Each payment's appointment a day apart: the provider's slots never collide. */
  private static final AtomicInteger NEXT_DAY = new AtomicInteger(2);

  /** A patient's payment: our id, Stripe's intent id. */
  record Paid(UUID id, String intentId, UUID patientId) {
  }

  private StripeEventsSupport() {
  }

  static Paid intent(ApiClient api, Clinic clinic) {
    JsonObject patient = Clinic.patient(api, "Stripe Patient");
    String token = patient.getString("token");
    JsonObject appointment = Clinic.data(api.post("/api/v1/appointments", token,
        clinic.booking(Clinic.hoursAhead(24 * NEXT_DAY.getAndIncrement()))), 201);
    JsonObject payment = Clinic.data(api.post("/api/v1/payments/intents", token,
        new JsonObject().put("appointmentId", appointment.getString("id"))), 201);
    return new Paid(UUID.fromString(payment.getString("id")), payment.getString("providerPaymentIntentId"),
        UUID.fromString(patient.getString("id")));
  }

  static HttpResponse<Buffer> deliver(ApiClient api, String body, String signature) {
    return ApiClient.await(send(api, body, signature));
  }

  static Future<HttpResponse<Buffer>> send(ApiClient api, String body, String signature) {
    var request = api.request(HttpMethod.POST, WEBHOOK).putHeader("Content-Type", "application/json; charset=utf-8");
    if (signature != null) {
      request.putHeader("Stripe-Signature", signature);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  /** Stripe's scheme: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. */
  static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An event as Stripe sends it. */
  static String event(String id, String type, JsonObject object) {
    return new JsonObject().put("id", id).put("object", "event").put("api_version", "2025-01-27.acacia")
        .put("created", System.currentTimeMillis() / 1000).put("type", type).put("livemode", false)
        .put("data", new JsonObject().put("object", object)).encode();
  }

  static JsonObject succeededIntent(Paid p, String chargeId) {
    return new JsonObject().put("id", p.intentId()).put("object", "payment_intent").put("amount", 10000)
        .put("currency", "usd").put("status", "succeeded").put("latest_charge", chargeId)
        .put("metadata", new JsonObject().put("paymentId", p.id().toString()));
  }

  static JsonObject refund(String refundId, Paid p, String chargeId, long amount, String status) {
    return new JsonObject().put("id", refundId).put("object", "refund").put("amount", amount).put("currency", "usd")
        .put("charge", chargeId).put("payment_intent", p.intentId()).put("status", status).put("metadata", new JsonObject());
  }

  static Object column(UUID payment, String column) {
    return Accounts.value("SELECT " + column + " FROM payments WHERE id = ?", payment);
  }

  static String status(UUID payment) {
    return (String) column(payment, "status");
  }

  static long count(String sql, Object... params) {
    return Accounts.count(sql, params);
  }

  /** The payment's ledger as kind:account:amount, sorted: comparable between two payments of the same amount. */
  static java.util.List<String> ledger(UUID payment) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    try (var c = org.clinicapi.support.TestEnvironment.jdbc(org.clinicapi.support.TestEnvironment.databaseUrl());
         var s = c.prepareStatement("""
             SELECT t.kind, e.account, e.amount_minor FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
              WHERE t.payment_id = ?""")) {
      s.setObject(1, payment);
      try (var rows = s.executeQuery()) {
        while (rows.next()) {
          lines.add(rows.getString(1) + ":" + rows.getString(2) + ":" + rows.getLong(3));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    java.util.Collections.sort(lines);
    return lines;
  }
}
