package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.auth.api.Role;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.LedgerInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RefundFlowTest {
  private static Money money;

  @BeforeAll
  static void start() {
    money = new Money(new JsonObject());
  }

  @AfterAll
  static void stop() {
    money.simulator().outage(false);
    money.close();
  }

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  private static Clinic clinic() {
    return Clinic.create("Refunds " + UUID.randomUUID());
  }

  private static JsonObject data(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("data");
  }

  @Test
  @DisplayName("billing of the location refunds part, then the rest (amount omitted); more than is left is a 409")
  void limits() {
    Clinic clinic = clinic();
    Money.Paid p = money.paid(clinic, 72);
    String billing = money.staff(Role.BILLING, clinic.location());

    HttpResponse<Buffer> first = money.refund(p.payment(), billing, 4000L);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
    assertThat(data(first).getString("status")).isEqualTo("pending");
    assertThat(data(first).getLong("amount")).isEqualTo(4000);
    HttpResponse<Buffer> tooMuch = money.refund(p.payment(), billing, 6001L);
    assertThat(tooMuch.statusCode()).isEqualTo(409);
    assertThat(Clinic.errorCode(tooMuch)).isEqualTo("INVALID_STATE");
    HttpResponse<Buffer> rest = money.refund(p.payment(), billing, null);
    assertThat(rest.statusCode()).isEqualTo(202);
    assertThat(data(rest).getLong("amount")).isEqualTo(6000);
    assertThat(money.refund(p.payment(), billing, 1L).statusCode()).isEqualTo(409);
    assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(10_000);
  }

  @Test
  @DisplayName("five refunds of 3000 at once on 10000: three are accepted, two refused, the sum never exceeds")
  void concurrentRefunds() {
    Clinic clinic = clinic();
    Money.Paid p = money.paid(clinic, 72);
    String billing = money.staff(Role.BILLING, clinic.location());
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(money.api.request(HttpMethod.POST, "/api/v1/payments/" + p.payment() + "/refunds")
          .putHeader("Authorization", "Bearer " + billing)
          .sendJsonObject(new JsonObject().put("amount", 3000).put("reason", "Parallel " + i)));
    }
    List<Integer> statuses = sent.stream().map(f -> {
      try {
        return f.await(30, TimeUnit.SECONDS).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();

    assertThat(statuses).containsOnly(202, 409);
    assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(3);
    assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(9000);
    assertThat(Money.number("SELECT coalesce(sum(amount), 0) FROM refunds WHERE payment_id = ? AND status <> 'failed'",
        p.payment())).isEqualTo(9000);
  }

  @Test
  @DisplayName("a refund after release reverses the provider's part of the transfer (5000 → 4500), then refunds 5000")
  void refundAfterReleaseReversesTransfer() throws Exception {
    Clinic clinic = clinic();
    money.payoutAccount(clinic);
    Money.Paid p = money.paid(clinic, 72);
    money.complete(p);
    Eventually.until(() -> "released".equals(Money.status(p.payment())));
    String transfer = (String) Accounts.value("SELECT transfer_id FROM payments WHERE id = ?", p.payment());

    HttpResponse<Buffer> r = money.refund(p.payment(), money.staff(Role.MANAGER, clinic.location()), 5000L);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    UUID refund = UUID.fromString(data(r).getString("id"));
    assertThat(data(r).getLong("reversalAmount")).isEqualTo(4500);

    List<StripeSimulator.Request> reversals = money.simulator().requests().stream()
        .filter(q -> q.path().equals("/v1/transfers/" + transfer + "/reversals")).toList();
    assertThat(reversals).hasSize(1);
    assertThat(reversals.get(0).idempotencyKey()).isEqualTo("refund:" + refund + ":reversal");
    assertThat(reversals.get(0).params().getString("amount")).isEqualTo("4500");
    assertThat(money.requests("/v1/refunds", "refund:" + refund)).isEqualTo(1);
    assertThat(Money.number("SELECT reversed_amount FROM payments WHERE id = ?", p.payment())).isEqualTo(4500);
    assertThat(Accounts.value("SELECT reversal_id FROM refunds WHERE id = ?", refund)).isNotNull();

    String stripeId = (String) Accounts.value("SELECT stripe_refund_id FROM refunds WHERE id = ?", refund);
    money.simulator().succeedRefund(stripeId).await(30, TimeUnit.SECONDS);
    Eventually.until(() -> "succeeded".equals(Accounts.value("SELECT status FROM refunds WHERE id = ?", refund)));
    assertThat(Money.number("SELECT refunded_amount FROM payments WHERE id = ?", p.payment())).isEqualTo(5000);
    // The fee share (500) came back out of revenue; the provider's part is settled by the reversal.
    assertThat(Money.number("""
        SELECT coalesce(sum(e.amount_minor), 0) FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
         WHERE t.payment_id = ? AND e.account = 'provider_payable'""", p.payment())).isZero();
    assertThat(Money.number("""
        SELECT coalesce(sum(e.amount_minor), 0) FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
         WHERE t.payment_id = ? AND e.account = 'platform_revenue'""", p.payment())).isEqualTo(-500);
  }

  @Test
  @DisplayName("Stripe down during a refund: 202 pending, reserved, nothing at Stripe; back up, the job takes it there")
  void stripeDown() {
    Clinic clinic = clinic();
    Money.Paid p = money.paid(clinic, 72);
    money.simulator().outage(true);
    HttpResponse<Buffer> r;
    UUID refund;
    try {
      r = money.refund(p.payment(), money.staff(Role.BILLING, clinic.location()), 2500L);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
      refund = UUID.fromString(data(r).getString("id"));
      assertThat(data(r).getString("status")).isEqualTo("pending");
      assertThat(Accounts.value("SELECT stripe_refund_id FROM refunds WHERE id = ?", refund)).isNull();
      assertThat(Money.number("SELECT attempts FROM refunds WHERE id = ?", refund)).isPositive();
      assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(2500);
      assertThat(Money.number("SELECT count(*) FROM ledger_transactions WHERE reference = ?", refund.toString())).isEqualTo(1);
    } finally {
      money.simulator().outage(false);
    }
    Eventually.until(() -> Accounts.value("SELECT stripe_refund_id FROM refunds WHERE id = ?", refund) != null);
    assertThat(Accounts.value("SELECT status FROM refunds WHERE id = ?", refund)).isEqualTo("pending");
    assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(2500);
  }

  @Test
  @DisplayName("who may refund: patient 403, provider 403, billing elsewhere 404; billing, manager of the location and superadmin yes")
  void access() {
    Clinic clinic = clinic();
    Money.Paid p = money.paid(clinic, 72);
    UUID elsewhere = Accounts.location("Elsewhere " + UUID.randomUUID());
    String provider = money.api.login((String) Accounts.value("SELECT email::text FROM users WHERE id = ?", clinic.provider()),
        org.clinicapi.support.ApiClient.PASSWORD).getString("accessToken");

    assertThat(money.refund(p.payment(), p.patientToken(), 100L).statusCode()).isEqualTo(403);
    assertThat(money.refund(p.payment(), provider, 100L).statusCode()).isEqualTo(403);
    assertThat(money.refund(p.payment(), money.staff(Role.BILLING, elsewhere), 100L).statusCode()).isEqualTo(404);
    assertThat(money.refund(UUID.randomUUID(), money.staff(Role.BILLING, clinic.location()), 100L).statusCode()).isEqualTo(404);
    assertThat(money.refund(p.payment(), money.staff(Role.BILLING, clinic.location()), 100L).statusCode()).isIn(201, 202);
    assertThat(money.refund(p.payment(), money.staff(Role.MANAGER, clinic.location()), 100L).statusCode()).isIn(201, 202);
    assertThat(money.refund(p.payment(), money.staff(Role.SUPERADMIN), 100L).statusCode()).isIn(201, 202);
    assertThat(Money.number("SELECT count(*) FROM refunds WHERE payment_id = ?", p.payment())).isEqualTo(3);
    assertThat(Money.number("SELECT count(*) FROM audit_events WHERE action = 'payment.refund' AND resource_id = ? AND outcome = 'success'",
        p.payment().toString())).isEqualTo(3);
  }
}
