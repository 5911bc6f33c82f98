package org.clinicapi.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.clinicapi.webhooks.Receiver.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.webhooks.Hooks.BASE;

@ExtendWith(VertxExtension.class)
@DisplayName("Payment webhooks: subscriptions to payment.held / released / refunded get a signed event when a payment goes held, without its client secret")
class PaymentWebhookEventsTest {
  /**
   * The payment's money arrives as the webhook handler books it: held and the ledger's payment_held in one
   * statement (one transaction), so the ledger stays balanced and escrow equals the held payments.
   */
  private static final String HOLD = """
      WITH t AS (
        INSERT INTO ledger_transactions (payment_id, kind, reference) VALUES (?, 'payment_held', ?) RETURNING id),
      e AS (
        INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency)
        SELECT t.id, l.account, l.amount, 'usd' FROM t, (VALUES ('stripe_balance', 10000::bigint), ('escrow', -10000::bigint)) l (account, amount))
      UPDATE payments SET status = 'held', charge_id = ?, held_at = now(), updated_at = now() WHERE id = ?""";

  private static TestServer server;
  private static ApiClient api;
  private static Receiver receiver;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    server = Hooks.deliveryServer();
    api = new ApiClient(vertx, server);
    receiver = new Receiver(vertx);
    admin = Visits.token(api, Accounts.user(Role.SUPERADMIN));
  }

  @AfterAll
  static void stop() {
    Hooks.deactivateAll();
    receiver.close();
    server.close();
  }

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  @Test
  @DisplayName("subscribing to payment.held accepts the payment types; a payment going held is delivered once, signed, with ids and amounts only")
  void heldPaymentIsDelivered() throws Exception {
    String held = "/hook/" + UUID.randomUUID();
    String released = "/hook/" + UUID.randomUUID();
    JsonObject subscription = Hooks.subscribe(api, admin, receiver.url(held), "payment.held");
    JsonObject other = Hooks.subscribe(api, admin, receiver.url(released), "payment.released", "payment.refunded");
    UUID payment = payment();

    Accounts.update(HOLD, payment, payment.toString(), "ch_" + UUID.randomUUID().toString().replace("-", ""), payment);

    Received received = receiver.await(held, 1).get(0);
    assertThat(Hooks.signatureValid(subscription.getString("secret"), received.headers().get("X-Clinic-Signature"), received.body())).isTrue();
    JsonObject body = received.json();
    assertThat(body.getString("type")).isEqualTo("payment.held");
    JsonObject data = body.getJsonObject("data");
    assertThat(data.getString("id")).isEqualTo(payment.toString());
    assertThat(data.getString("status")).isEqualTo("held");
    assertThat(data.getLong("amount")).isEqualTo(10_000L);
    assertThat(data.getString("currency")).isEqualTo("usd");
    assertThat(received.body()).doesNotContain("secret_").doesNotContain("ch_");
    Eventually.until(() -> "delivered".equals(Hooks.deliveries(api, admin, subscription.getString("id")).getJsonObject(0).getString("status")));
    assertThat(Hooks.deliveries(api, admin, other.getString("id"))).isEmpty();
    assertThat(receiver.on(held)).hasSize(1);
  }

  @Test
  @DisplayName("an unknown payment event type is refused with the list of allowed ones")
  void unknownPaymentTypeRefused() {
    HttpResponse<Buffer> response = api.post(BASE, admin, new JsonObject().put("url", receiver.url("/hook/x"))
        .put("events", new JsonArray().add("payment.captured")));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString()).contains("payment.held");
  }

  /** A payment waiting for the patient (its intent made), as IntentFlow leaves it. */
  private static UUID payment() {
    Clinic clinic = Clinic.create("Payment Hooks " + UUID.randomUUID());
    UUID patient = Accounts.idOf(Visits.patient());
    UUID appointment = Visits.appointment(patient, clinic.provider(), clinic.location(), "scheduled");
    return (UUID) Accounts.value("""
        INSERT INTO payments (appointment_id, patient_id, provider_id, location_id, amount, currency, fee_bps,
                              stripe_payment_intent_id, client_secret)
        VALUES (?, ?, ?, ?, 10000, 'usd', 1000, ?, ?) RETURNING id""", appointment, patient, clinic.provider(), clinic.location(),
        "pi_" + UUID.randomUUID().toString().replace("-", ""), "pi_x_secret_" + UUID.randomUUID());
  }
}
