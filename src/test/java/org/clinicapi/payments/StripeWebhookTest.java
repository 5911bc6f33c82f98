package org.clinicapi.payments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.payments.StripeEventsSupport.Paid;
import org.clinicapi.payments.simulator.StripeSimulator.SignedEvent;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.payments.StripeEventsSupport.column;
import static org.clinicapi.payments.StripeEventsSupport.count;
import static org.clinicapi.payments.StripeEventsSupport.deliver;
import static org.clinicapi.payments.StripeEventsSupport.event;
import static org.clinicapi.payments.StripeEventsSupport.ledger;
import static org.clinicapi.payments.StripeEventsSupport.status;

@ExtendWith(VertxExtension.class)
@DisplayName("Stripe's webhook: signed events take effect once, in any order, in the transaction of their effect")
class StripeWebhookTest {
  private static StripeFixture stripe;
  private static TestServer server;
  private static ApiClient api;
  private static Clinic clinic;
  private static String billing;

  @BeforeAll
  static void start(Vertx vertx) {
    stripe = StripeFixture.start();
    server = stripe.server();
    api = new ApiClient(vertx, server);
    clinic = Clinic.create("Stripe Events Clinic");
    billing = Clinic.staffToken(api, Role.BILLING, clinic.location());
  }

  @AfterAll
  static void stop() {
    server.close();
    stripe.close();
  }

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  private static Paid intent() {
    return StripeEventsSupport.intent(api, clinic);
  }

  private static HttpResponse<Buffer> signedDelivery(SignedEvent e) {
    return deliver(api, e.body(), e.signatureHeader());
  }

  @Test
  @DisplayName("intent → succeeded: held, the charge recorded, escrow booked, one receipt queued for the patient")
  void succeeded() {
    Paid p = intent();
    ApiClient.await(stripe.simulator().succeed(p.intentId()));

    assertThat(status(p.id())).isEqualTo("held");
    assertThat(column(p.id(), "charge_id")).asString().startsWith("ch_");
    assertThat(column(p.id(), "held_at")).isNotNull();
    HttpResponse<Buffer> ledger = api.get("/api/v1/payments/" + p.id() + "/ledger", billing);
    assertThat(ledger.statusCode()).as(ledger.bodyAsString()).isEqualTo(200);
    JsonArray lines = ledger.bodyAsJsonObject().getJsonArray("data");
    assertThat(lines).hasSize(2);
    assertThat(lines.stream().map(JsonObject.class::cast).map(l -> l.getString("kind") + ":" + l.getString("account") + ":"
        + l.getLong("amountMinor"))).containsExactlyInAnyOrder("payment_held:stripe_balance:10000", "payment_held:escrow:-10000");
    assertThat(count("SELECT count(*) FROM outbox WHERE kind = 'payment.receipt' AND user_id = ? AND dedupe_key = ?"
        + " AND payload->>'paymentId' = ? AND (payload->>'amount')::bigint = 10000 AND payload->>'currency' = 'usd'",
        p.patientId(), "payment:" + p.id() + ":receipt", p.id().toString())).isEqualTo(1);
  }

  @Test
  @DisplayName("the same signed event delivered twice, at once and again later: one effect, one ledger transaction, one receipt")
  void duplicates() {
    Paid p = intent();
    SignedEvent e = stripe.simulator().signed("payment_intent.succeeded", StripeEventsSupport.succeededIntent(p, "ch_dup_" + UUID.randomUUID()));
    Future<HttpResponse<Buffer>> first = StripeEventsSupport.send(api, e.body(), e.signatureHeader());
    Future<HttpResponse<Buffer>> second = StripeEventsSupport.send(api, e.body(), e.signatureHeader());
    assertThat(ApiClient.await(first).statusCode()).isEqualTo(200);
    assertThat(ApiClient.await(second).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> later = signedDelivery(e);

    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.bodyAsJsonObject().getJsonObject("data").getBoolean("received")).isTrue();
    assertThat(status(p.id())).isEqualTo("held");
    assertThat(count("SELECT count(*) FROM ledger_transactions WHERE payment_id = ?", p.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM stripe_events WHERE id = ?", e.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM outbox WHERE kind = 'payment.receipt' AND payload->>'paymentId' = ?", p.id().toString()))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a refund made at Stripe delivered before the success event ends as in order: held, refund external and settled")
  void reordered() {
    Paid inOrder = intent();
    Paid reversed = intent();
    for (Paid p : new Paid[] {inOrder, reversed}) {
      String charge = "ch_re_" + UUID.randomUUID();
      SignedEvent succeeded = stripe.simulator().signed("payment_intent.succeeded", StripeEventsSupport.succeededIntent(p, charge));
      String refundId = "re_" + UUID.randomUUID();
      SignedEvent created = stripe.simulator().signed("refund.created", StripeEventsSupport.refund(refundId, p, charge, 3000, "pending"));
      SignedEvent settled = stripe.simulator().signed("refund.updated", StripeEventsSupport.refund(refundId, p, charge, 3000, "succeeded"));
      SignedEvent[] order = p == inOrder ? new SignedEvent[] {succeeded, created, settled} : new SignedEvent[] {settled, created, succeeded};
      for (SignedEvent e : order) {
        assertThat(signedDelivery(e).statusCode()).isEqualTo(200);
      }
    }

    for (Paid p : new Paid[] {inOrder, reversed}) {
      assertThat(status(p.id())).isEqualTo("held");
      assertThat(column(p.id(), "refund_reserved")).isEqualTo(3000L);
      assertThat(column(p.id(), "refunded_amount")).isEqualTo(3000L);
      assertThat(count("SELECT count(*) FROM refunds WHERE payment_id = ? AND kind = 'external' AND status = 'succeeded'"
          + " AND amount = 3000 AND reason = 'made at Stripe'", p.id())).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM outbox WHERE kind = 'payment.refund' AND payload->>'paymentId' = ?", p.id().toString()))
          .isEqualTo(1);
    }
    assertThat(ledger(reversed.id())).isEqualTo(ledger(inOrder.id())).contains("refund_succeeded:refunds:3000",
        "refund_requested:escrow:3000");
    JsonObject shown = Clinic.data(api.get("/api/v1/payments/" + reversed.id(), billing), 200);
    assertThat(shown.getString("status")).isEqualTo("partially_refunded");
  }

  @Test
  @DisplayName("a missing, wrong, tampered or stale signature is 400 VALIDATION_ERROR and changes nothing")
  void badSignatures() {
    Paid p = intent();
    String id = "evt_bad_" + UUID.randomUUID();
    String body = event(id, "payment_intent.succeeded", StripeEventsSupport.succeededIntent(p, "ch_bad_" + UUID.randomUUID()));
    long now = System.currentTimeMillis() / 1000;
    String tampered = body.replace("10000", "1");

    HttpResponse<Buffer>[] refused = new HttpResponse[] {
        deliver(api, body, null),
        deliver(api, body, StripeEventsSupport.sign("whsec_another_secret", now, body)),
        deliver(api, tampered, StripeEventsSupport.sign(StripeFixture.WEBHOOK_SECRET, now, body)),
        deliver(api, body, StripeEventsSupport.sign(StripeFixture.WEBHOOK_SECRET, now - 600, body)),
        deliver(api, body, "t=abc,v1=00")};
    for (HttpResponse<Buffer> response : refused) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
      assertThat(Clinic.errorCode(response)).isEqualTo("VALIDATION_ERROR");
    }
    assertThat(status(p.id())).isEqualTo("requires_payment");
    assertThat(count("SELECT count(*) FROM stripe_events WHERE id = ?", id)).isZero();
    assertThat(count("SELECT count(*) FROM ledger_transactions WHERE payment_id = ?", p.id())).isZero();

    HttpResponse<Buffer> signedNow = deliver(api, body, StripeEventsSupport.sign(StripeFixture.WEBHOOK_SECRET, now, body));
    assertThat(signedNow.statusCode()).isEqualTo(200);
    assertThat(status(p.id())).isEqualTo("held");
  }

  @Test
  @DisplayName("a body that is not JSON is 415; one over the webhook's limit is 413; deliveries skip the per-IP rate limit")
  void mediaTypeSizeAndRateLimit() {
    var form = ApiClient.await(api.request(io.vertx.core.http.HttpMethod.POST, StripeEventsSupport.WEBHOOK)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=b")));
    assertThat(form.statusCode()).isEqualTo(415);
    String big = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
    assertThat(deliver(api, big, StripeEventsSupport.sign(StripeFixture.WEBHOOK_SECRET, System.currentTimeMillis() / 1000, big))
        .statusCode()).isEqualTo(413);
    SignedEvent ping = stripe.simulator().signed("ping.test", new JsonObject().put("id", "x").put("object", "ping"));
    HttpResponse<Buffer> delivered = signedDelivery(ping);
    assertThat(delivered.statusCode()).isEqualTo(200);
    assertThat(delivered.getHeader("RateLimit-Limit")).isNull();
    assertThat(api.get("/api/v1/payments", billing).getHeader("RateLimit-Limit")).isNotNull();
  }

  @Test
  @DisplayName("an unknown event type, and an event about an intent that is not ours, answer 200 and are recorded once")
  void unknownTypesAndObjects() {
    SignedEvent unknown = stripe.simulator().signed("customer.created", new JsonObject().put("id", "cus_1").put("object", "customer"));
    SignedEvent foreign = stripe.simulator().signed("payment_intent.succeeded", new JsonObject().put("id", "pi_not_ours_" + UUID.randomUUID())
        .put("object", "payment_intent").put("amount", 500).put("currency", "usd").put("status", "succeeded")
        .put("latest_charge", "ch_not_ours").put("metadata", new JsonObject()));

    for (SignedEvent e : new SignedEvent[] {unknown, foreign, unknown}) {
      assertThat(signedDelivery(e).statusCode()).isEqualTo(200);
    }
    assertThat(count("SELECT count(*) FROM stripe_events WHERE id IN (?, ?)", unknown.id(), foreign.id())).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM payments WHERE charge_id = 'ch_not_ours'")).isZero();
  }

  @Test
  @DisplayName("a declined card keeps the payment payable with its failure code; paying afterwards holds it")
  void failedThenSucceeded() {
    Paid p = intent();
    ApiClient.await(stripe.simulator().failPayment(p.intentId()));
    assertThat(status(p.id())).isEqualTo("requires_payment");
    assertThat(column(p.id(), "failure_code")).isEqualTo("card_declined");

    ApiClient.await(stripe.simulator().succeed(p.intentId()));
    assertThat(status(p.id())).isEqualTo("held");
    assertThat(column(p.id(), "failure_code")).isNull();
    // A late failure of an earlier attempt does not undo the payment.
    SignedEvent late = stripe.simulator().signed("payment_intent.payment_failed", new JsonObject().put("id", p.intentId())
        .put("object", "payment_intent").put("status", "requires_payment_method")
        .put("last_payment_error", new JsonObject().put("code", "card_declined")));
    assertThat(signedDelivery(late).statusCode()).isEqualTo(200);
    assertThat(status(p.id())).isEqualTo("held");
  }

  @Test
  @DisplayName("a cancelled intent fails the payment for good; a processing or failed attempt after it changes nothing")
  void canceled() {
    Paid p = intent();
    JsonObject intent = new JsonObject().put("id", p.intentId()).put("object", "payment_intent").put("amount", 10000)
        .put("currency", "usd").put("metadata", new JsonObject().put("paymentId", p.id().toString()));
    assertThat(signedDelivery(stripe.simulator().signed("payment_intent.processing", intent.copy().put("status", "processing")))
        .statusCode()).isEqualTo(200);
    assertThat(status(p.id())).isEqualTo("processing");
    assertThat(signedDelivery(stripe.simulator().signed("payment_intent.canceled", intent.copy().put("status", "canceled")))
        .statusCode()).isEqualTo(200);
    assertThat(status(p.id())).isEqualTo("failed");
    assertThat(signedDelivery(stripe.simulator().signed("payment_intent.processing", intent.copy().put("status", "processing")))
        .statusCode()).isEqualTo(200);
    assertThat(status(p.id())).isEqualTo("failed");
  }

  @Test
  @DisplayName("a dispute blocks the release; lost, the payment is charged back and escrow pays for it in the ledger")
  void disputeLost() {
    Paid p = intent();
    ApiClient.await(stripe.simulator().succeed(p.intentId()));
    ApiClient.await(stripe.simulator().dispute(p.intentId()));

    JsonObject disputed = Clinic.data(api.get("/api/v1/payments/" + p.id(), billing), 200);
    assertThat(disputed.getString("status")).isEqualTo("held");
    assertThat(disputed.getString("disputeStatus")).isEqualTo("open");
    assertThat(disputed.getString("releaseBlockedReason")).isEqualTo("disputed");

    ApiClient.await(stripe.simulator().closeDispute(p.intentId(), "lost"));
    assertThat(status(p.id())).isEqualTo("charged_back");
    assertThat(column(p.id(), "dispute_status")).isEqualTo("lost");
    assertThat(ledger(p.id())).containsExactly("dispute_lost:escrow:10000", "dispute_lost:stripe_balance:-10000",
        "payment_held:escrow:-10000", "payment_held:stripe_balance:10000");
  }

  @Test
  @DisplayName("a won dispute unblocks the release and books nothing")
  void disputeWon() {
    Paid p = intent();
    ApiClient.await(stripe.simulator().succeed(p.intentId()));
    ApiClient.await(stripe.simulator().dispute(p.intentId()));
    ApiClient.await(stripe.simulator().closeDispute(p.intentId(), "won"));

    assertThat(status(p.id())).isEqualTo("held");
    assertThat(column(p.id(), "dispute_status")).isEqualTo("won");
    assertThat(column(p.id(), "release_blocked_reason")).isNull();
    assertThat(count("SELECT count(*) FROM ledger_transactions WHERE payment_id = ?", p.id())).isEqualTo(1);
  }

  @Test
  @DisplayName("account.updated records whether the provider's account can be paid (payouts and the transfers capability)")
  void accountUpdated() {
    String account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Accounts.update("INSERT INTO payout_accounts (provider_id, stripe_account_id) VALUES (?, ?)", clinic.provider(), account);
    JsonObject enabled = new JsonObject().put("id", account).put("object", "account").put("payouts_enabled", true)
        .put("details_submitted", true).put("capabilities", new JsonObject().put("transfers", "active"));

    assertThat(signedDelivery(stripe.simulator().signed("account.updated", enabled)).statusCode()).isEqualTo(200);
    assertThat(Accounts.value("SELECT payouts_enabled FROM payout_accounts WHERE stripe_account_id = ?", account)).isEqualTo(true);
    assertThat(Accounts.value("SELECT details_submitted FROM payout_accounts WHERE stripe_account_id = ?", account)).isEqualTo(true);

    JsonObject restricted = enabled.copy().put("capabilities", new JsonObject().put("transfers", "inactive"));
    assertThat(signedDelivery(stripe.simulator().signed("account.updated", restricted)).statusCode()).isEqualTo(200);
    assertThat(Accounts.value("SELECT payouts_enabled FROM payout_accounts WHERE stripe_account_id = ?", account)).isEqualTo(false);
  }

  @Test
  @DisplayName("an event that cannot be applied yet answers 5xx (Stripe delivers it again) and is not recorded")
  void notApplicableYet() {
    Paid p = intent();
    // A refund of an unpaid payment naming no charge: the payment cannot be held without it.
    SignedEvent early = stripe.simulator().signed("refund.updated",
        StripeEventsSupport.refund("re_" + UUID.randomUUID(), p, null, 1000, "succeeded"));
    HttpResponse<Buffer> refused = signedDelivery(early);

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isGreaterThanOrEqualTo(500);
    assertThat(count("SELECT count(*) FROM stripe_events WHERE id = ?", early.id())).isZero();
    assertThat(status(p.id())).isEqualTo("requires_payment");
    assertThat(count("SELECT count(*) FROM refunds WHERE payment_id = ?", p.id())).isZero();
  }
}
