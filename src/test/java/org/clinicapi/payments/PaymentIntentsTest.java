package org.clinicapi.payments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("POST /payments/intents: the amount from the database, one open payment per appointment, safe to repeat")
class PaymentIntentsTest {
  private static StripeFixture stripe;
  private static TestServer server;
  private static ApiClient api;
  private static Clinic clinic;
  private static int hours = 30;

  @BeforeAll
  static void start(Vertx vertx) {
    stripe = StripeFixture.start();
    server = stripe.server();
    api = new ApiClient(vertx, server);
    clinic = Clinic.create("Intents Clinic");
  }

  @AfterAll
  static void stop() {
    server.close();
    stripe.close();
  }

  @AfterEach
  void ledgerStillBalances() {
    stripe.simulator().outage(false);
    LedgerInvariants.check();
  }

  /** A patient {token, id} with an appointment ahead: {token, id, appointmentId}. */
  private static JsonObject booked() {
    JsonObject patient = Clinic.patient(api, "Payer");
    hours += 2;
    JsonObject appointment = Clinic.data(api.post("/api/v1/appointments", patient.getString("token"),
        clinic.booking(Clinic.hoursAhead(hours))), 201);
    return patient.put("appointmentId", appointment.getString("id"));
  }

  private static HttpResponse<Buffer> intent(String token, String appointmentId) {
    return api.post("/api/v1/payments/intents", token, new JsonObject().put("appointmentId", appointmentId));
  }

  private static List<StripeSimulator.Request> intentsAtStripe(String paymentId) {
    return stripe.simulator().requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/payment_intents")
        && ("payment:" + paymentId + ":intent").equals(r.idempotencyKey())).toList();
  }

  @Test
  @DisplayName("the first call creates the intent with the provider's fee (201), the second answers the same payment (200)")
  void createsOnceWithTheFee() {
    JsonObject p = booked();
    JsonObject first = Clinic.data(intent(p.getString("token"), p.getString("appointmentId")), 201);
    JsonObject second = Clinic.data(intent(p.getString("token"), p.getString("appointmentId")), 200);

    assertThat(first.getLong("amount")).isEqualTo(10000L);
    assertThat(first.getString("currency")).isEqualTo("usd");
    assertThat(first.getString("status")).isEqualTo("requires_payment");
    assertThat(first.getString("providerPaymentIntentId")).startsWith("pi_");
    assertThat(first.getString("clientSecret")).startsWith(first.getString("providerPaymentIntentId") + "_secret_");
    assertThat(second.getString("paymentId")).isEqualTo(first.getString("paymentId"));
    assertThat(second.getString("clientSecret")).isEqualTo(first.getString("clientSecret"));
    List<StripeSimulator.Request> sent = intentsAtStripe(first.getString("paymentId"));
    assertThat(sent).hasSize(1);
    JsonObject params = sent.get(0).params();
    assertThat(params.encode()).contains("10000", "usd", "appointment_" + p.getString("appointmentId"), first.getString("paymentId"));
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'payment.create' AND resource_id = ? AND patient_id = ?",
        first.getString("paymentId"), UUID.fromString(p.getString("id")))).isOne();
  }

  @Test
  @DisplayName("an amount (or any field but appointmentId) from the client is refused with 400 naming it")
  void amountFromTheClientIsRefused() {
    JsonObject p = booked();
    HttpResponse<Buffer> response = api.post("/api/v1/payments/intents", p.getString("token"),
        new JsonObject().put("appointmentId", p.getString("appointmentId")).put("amount", 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString()).contains("amount");
    assertThat(Accounts.count("SELECT count(*) FROM payments WHERE appointment_id = ?", UUID.fromString(p.getString("appointmentId"))))
        .isZero();
  }

  @Test
  @DisplayName("another patient gets 404, staff 403, a cancelled appointment 409")
  void onlyThePatientOfALiveAppointment() {
    JsonObject p = booked();
    JsonObject other = Clinic.patient(api, "Stranger");
    String billing = Clinic.staffToken(api, Role.BILLING, clinic.location());

    assertThat(intent(other.getString("token"), p.getString("appointmentId")).statusCode()).isEqualTo(404);
    assertThat(intent(billing, p.getString("appointmentId")).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/appointments/" + p.getString("appointmentId") + "/cancel", p.getString("token"),
        new JsonObject().put("reason", "Plans changed")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> cancelled = intent(p.getString("token"), p.getString("appointmentId"));
    assertThat(cancelled.statusCode()).isEqualTo(409);
    assertThat(Clinic.errorCode(cancelled)).isEqualTo("INVALID_STATE");
  }

  @Test
  @DisplayName("Stripe down: 503 with Retry-After and no intent; the next call repeats the same request and completes it")
  void stripeDownThenRetried() {
    JsonObject p = booked();
    stripe.simulator().outage(true);
    HttpResponse<Buffer> down = intent(p.getString("token"), p.getString("appointmentId"));
    stripe.simulator().outage(false);
    HttpResponse<Buffer> again = intent(p.getString("token"), p.getString("appointmentId"));

    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.getHeader("Retry-After")).isNotNull();
    JsonObject created = Clinic.data(again, 201);
    assertThat(created.getString("providerPaymentIntentId")).startsWith("pi_");
    assertThat(Accounts.count("SELECT count(*) FROM payments WHERE appointment_id = ?", UUID.fromString(p.getString("appointmentId"))))
        .isOne();
    assertThat(stripe.simulator().requests().stream().filter(r -> r.path().equals("/v1/payment_intents")
        && r.method().equals("POST") && ("payment:" + created.getString("paymentId") + ":intent").equals(r.idempotencyKey())
        && r.params() != null).count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("Idempotency-Key: the same request with the same key is replayed")
  void idempotencyKeyReplays() {
    JsonObject p = booked();
    JsonObject body = new JsonObject().put("appointmentId", p.getString("appointmentId"));
    HttpResponse<Buffer> first = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/payments/intents")
        .bearerTokenAuthentication(p.getString("token")).putHeader("Idempotency-Key", "pay-" + p.getString("appointmentId"))
        .sendJsonObject(body));
    HttpResponse<Buffer> second = ApiClient.await(api.request(HttpMethod.POST, "/api/v1/payments/intents")
        .bearerTokenAuthentication(p.getString("token")).putHeader("Idempotency-Key", "pay-" + p.getString("appointmentId"))
        .sendJsonObject(body));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.bodyAsJsonObject().getJsonObject("data").getString("paymentId"))
        .isEqualTo(first.bodyAsJsonObject().getJsonObject("data").getString("paymentId"));
  }

  @Test
  @DisplayName("reads: the patient sees their own without the client secret; billing and managers of the location; others 404")
  void whoReadsWhat() {
    JsonObject p = booked();
    String id = Clinic.data(intent(p.getString("token"), p.getString("appointmentId")), 201).getString("paymentId");
    UUID elsewhere = Accounts.location("Payments Elsewhere");
    String path = "/api/v1/payments/" + id;

    JsonObject own = Clinic.data(api.get(path, p.getString("token")), 200);
    assertThat(own.containsKey("clientSecret")).isFalse();
    assertThat(own.getString("status")).isEqualTo("requires_payment");
    assertThat(api.get(path, Clinic.patient(api, "Nosy").getString("token")).statusCode()).isEqualTo(404);
    assertThat(api.get(path, Clinic.staffToken(api, Role.BILLING, clinic.location())).statusCode()).isEqualTo(200);
    assertThat(api.get(path, Clinic.staffToken(api, Role.MANAGER, clinic.location())).statusCode()).isEqualTo(200);
    assertThat(api.get(path, Clinic.staffToken(api, Role.SUPERADMIN)).statusCode()).isEqualTo(200);
    assertThat(api.get(path, Clinic.staffToken(api, Role.BILLING, elsewhere)).statusCode()).isEqualTo(404);
    assertThat(api.get(path, Clinic.staffToken(api, Role.PROVIDER, clinic.location())).statusCode()).isEqualTo(403);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'payment.read' AND resource_id = ? AND outcome = 'success'",
        id)).isEqualTo(4);
  }

  @Test
  @DisplayName("lists: own for patients, by location for staff, filtered by appointment and status; a bad status is 400")
  void lists() {
    JsonObject p = booked();
    String id = Clinic.data(intent(p.getString("token"), p.getString("appointmentId")), 201).getString("paymentId");
    String billing = Clinic.staffToken(api, Role.BILLING, clinic.location());

    assertThat(api.get("/api/v1/payments", p.getString("token")).bodyAsJsonObject().getJsonArray("data").stream()
        .map(o -> ((JsonObject) o).getString("id")).toList()).containsExactly(id);
    assertThat(api.get("/api/v1/payments?appointmentId=" + p.getString("appointmentId") + "&status=requires_payment", billing)
        .bodyAsJsonObject().getJsonArray("data")).hasSize(1);
    assertThat(api.get("/api/v1/payments?appointmentId=" + p.getString("appointmentId") + "&status=held", billing)
        .bodyAsJsonObject().getJsonArray("data")).isEmpty();
    assertThat(api.get("/api/v1/payments?status=lost", billing).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("the ledger is for billing and superadmin: a payment's lines and balances per account; patients 403")
  void ledgerAccess() {
    JsonObject p = booked();
    String id = Clinic.data(intent(p.getString("token"), p.getString("appointmentId")), 201).getString("paymentId");
    String billing = Clinic.staffToken(api, Role.BILLING, clinic.location());

    assertThat(api.get("/api/v1/payments/" + id + "/ledger", billing).bodyAsJsonObject().getJsonArray("data")).isEmpty();
    assertThat(api.get("/api/v1/payments/" + id + "/ledger", p.getString("token")).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/ledger/balances?currency=usd", billing).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/ledger/balances", billing).statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/ledger/balances?currency=usd", Clinic.staffToken(api, Role.MANAGER, clinic.location())).statusCode())
        .isEqualTo(403);
  }
}
