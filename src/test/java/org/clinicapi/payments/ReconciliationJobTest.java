package org.clinicapi.payments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.payments.StripeEventsSupport.Paid;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.clinicapi.payments.stripe.Refund;
import org.clinicapi.payments.stripe.StripeApi;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.payments.StripeEventsSupport.count;
import static org.clinicapi.payments.StripeEventsSupport.status;

@ExtendWith(VertxExtension.class)
@DisplayName("Reconciliation: what Stripe did while its webhooks were lost is repaired from its lists, once, and counted")
class ReconciliationJobTest {
  private static final String SERIES = "clinic_payments_reconciliation_mismatches_total\\{kind=\"%s\",?\\} ([0-9.]+)";
  private static StripeFixture stripe;
  private static TestServer server;
  private static ApiClient api;
  private static WebClient management;
  private static Clinic clinic;

  @BeforeAll
  static void start(Vertx vertx) {
    stripe = StripeFixture.start();
    server = stripe.server();
    api = new ApiClient(vertx, server);
    management = WebClient.create(vertx);
    clinic = Clinic.create("Reconciliation Clinic");
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

  private static double mismatches(String kind) {
    HttpResponse<Buffer> scrape = ApiClient.await(management.get(server.config().metrics().port(), "127.0.0.1", "/metrics").send());
    assertThat(scrape.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile(String.format(SERIES, kind)).matcher(scrape.bodyAsString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static double succeededMismatches() {
    return mismatches("intent_succeeded");
  }

  @Test
  @DisplayName("an intent paid while the webhook URL was dead: held by the next pass, once, and counted in /metrics")
  void missedSucceeded() {
    Paid p = StripeEventsSupport.intent(api, clinic);
    double before = succeededMismatches();
    stripe.simulator().setWebhookUrl("http://127.0.0.1:9/dead");
    try {
      // The simulator gives the event up after its retries; only the reconciliation can learn of the payment.
      ApiClient.await(stripe.simulator().succeed(p.intentId()).otherwiseEmpty());
      Eventually.until(() -> "held".equals(status(p.id())));
    } finally {
      stripe.simulator().setWebhookUrl(StripeFixture.webhookUrl(server));
    }

    assertThat(count("SELECT count(*) FROM stripe_events WHERE id = ?", "reconcile:" + p.intentId() + ":succeeded")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM ledger_transactions WHERE payment_id = ?", p.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM outbox WHERE kind = 'payment.receipt' AND payload->>'paymentId' = ?", p.id().toString()))
        .isEqualTo(1);
    assertThat(StripeEventsSupport.column(p.id(), "charge_id")).asString().startsWith("ch_");
    Eventually.until(() -> succeededMismatches() >= before + 1);
    assertThat(succeededMismatches()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("a refund made and settled at Stripe while the webhook URL was dead: recorded as external, reserved, settled and booked")
  void missedExternalRefund() throws Exception {
    Paid p = StripeEventsSupport.intent(api, clinic);
    ApiClient.await(stripe.simulator().succeed(p.intentId()));
    double before = mismatches("refund_missing") + mismatches("refund_status");
    StripeApi dashboard = StripeApi.create(StripeFixture.SECRET_KEY, stripe.simulator().apiBase(), Duration.ofSeconds(5));
    stripe.simulator().setWebhookUrl("http://127.0.0.1:9/dead");
    try {
      Refund refund = dashboard.createRefund(p.intentId(), 2500, Map.of(), "dashboard:" + UUID.randomUUID());
      ApiClient.await(stripe.simulator().succeedRefund(refund.id()).otherwiseEmpty());
      Eventually.until(() -> count("SELECT count(*) FROM refunds WHERE stripe_refund_id = ? AND status = 'succeeded'", refund.id()) == 1);
      assertThat(count("SELECT count(*) FROM refunds WHERE stripe_refund_id = ? AND kind = 'external' AND amount = 2500"
          + " AND payment_id = ? AND available_at = 'infinity'", refund.id(), p.id())).isEqualTo(1);
    } finally {
      stripe.simulator().setWebhookUrl(StripeFixture.webhookUrl(server));
    }

    assertThat(StripeEventsSupport.column(p.id(), "refunded_amount")).isEqualTo(2500L);
    assertThat(StripeEventsSupport.column(p.id(), "refund_reserved")).isEqualTo(2500L);
    assertThat(StripeEventsSupport.ledger(p.id())).containsExactly("payment_held:escrow:-10000",
        "payment_held:stripe_balance:10000", "refund_requested:escrow:2500", "refund_requested:refunds:-2500",
        "refund_succeeded:refunds:2500", "refund_succeeded:stripe_balance:-2500");
    Eventually.until(() -> mismatches("refund_missing") + mismatches("refund_status") >= before + 1);
  }
}
