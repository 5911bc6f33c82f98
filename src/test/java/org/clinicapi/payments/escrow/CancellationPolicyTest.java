package org.clinicapi.payments.escrow;

import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.LedgerInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CancellationPolicyTest {
  private static Money money;

  @BeforeAll
  static void start() {
    money = new Money(new JsonObject());
  }

  @AfterAll
  static void stop() {
    money.close();
  }

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  private static Clinic clinic() {
    return Clinic.create("Policy " + UUID.randomUUID());
  }

  /** The payment's policy refund, once the job made it and took it to Stripe. */
  private static long policyRefund(UUID payment) {
    Eventually.until(() -> Accounts.value(
        "SELECT stripe_refund_id FROM refunds WHERE payment_id = ? AND kind = 'policy'", payment) != null);
    return Money.number("SELECT amount FROM refunds WHERE payment_id = ? AND kind = 'policy'", payment);
  }

  private void cancel(UUID appointment, String token) {
    assertThat(money.api.post("/api/v1/appointments/" + appointment + "/cancel", token,
        new JsonObject().put("reason", "Cannot come")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("cancelled more than 24 h ahead (by the patient): all of it, refunded once Stripe settles it")
  void earlyCancelRefundsAll() throws Exception {
    Money.Paid p = money.paid(clinic(), 72);
    cancel(p.appointment(), p.patientToken());

    assertThat(policyRefund(p.payment())).isEqualTo(10_000);
    assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(10_000);
    UUID refund = (UUID) Accounts.value("SELECT id FROM refunds WHERE payment_id = ?", p.payment());
    assertThat(money.requests("/v1/refunds", "refund:" + refund)).isGreaterThanOrEqualTo(1);
    String stripeId = (String) Accounts.value("SELECT stripe_refund_id FROM refunds WHERE id = ?", refund);
    money.simulator().succeedRefund(stripeId).await(30, TimeUnit.SECONDS);
    Eventually.until(() -> "succeeded".equals(Accounts.value("SELECT status FROM refunds WHERE id = ?", refund)));
    assertThat(Money.number("SELECT refunded_amount FROM payments WHERE id = ?", p.payment())).isEqualTo(10_000);
    JsonObject shown = money.api.get("/api/v1/payments/" + p.payment(), p.patientToken()).bodyAsJsonObject().getJsonObject("data");
    assertThat(shown.getString("status")).isEqualTo("refunded");
    assertThat(Money.number("SELECT count(*) FROM outbox WHERE dedupe_key = ?", "refund:" + refund + ":notice")).isEqualTo(1);
  }

  @Test
  @DisplayName("the patient cancelling within 24 h: LATE_CANCEL_REFUND_BPS (50 %) of it")
  void patientLateCancelRefundsHalf() {
    Money.Paid p = money.paid(clinic(), 72);
    // Patients cannot cancel late through the API (the clinic can record it): the state the policy reads.
    Accounts.update("""
        UPDATE appointments SET status = 'cancelled', cancelled_by = patient_id, cancelled_at = starts_at - interval '2 hours',
               updated_at = now() WHERE id = ?""", p.appointment());

    assertThat(policyRefund(p.payment())).isEqualTo(5_000);
    assertThat(Money.number("SELECT refund_reserved FROM payments WHERE id = ?", p.payment())).isEqualTo(5_000);
  }

  @Test
  @DisplayName("staff cancelling within 24 h: all of it")
  void staffLateCancelRefundsAll() {
    Clinic clinic = clinic();
    Money.Paid p = money.paid(clinic, 3);
    cancel(p.appointment(), money.staff(Role.MANAGER, clinic.location()));

    assertThat(policyRefund(p.payment())).isEqualTo(10_000);
  }

  @Test
  @DisplayName("a no-show refunds nothing (while a cancellation examined in the same runs does)")
  void noShowRefundsNothing() {
    Clinic clinic = clinic();
    String staff = money.staff(Role.MANAGER, clinic.location());
    Money.Paid noShow = money.paid(clinic, 3);
    for (String step : new String[] {"confirm", "no-show"}) {
      assertThat(money.api.post("/api/v1/appointments/" + noShow.appointment() + "/" + step, staff, new JsonObject())
          .statusCode()).isEqualTo(200);
    }
    Money.Paid cancelled = money.paid(clinic, 72);
    cancel(cancelled.appointment(), staff);

    assertThat(policyRefund(cancelled.payment())).isEqualTo(10_000);
    assertThat(Money.number("SELECT count(*) FROM refunds WHERE payment_id = ?", noShow.payment())).isZero();
    assertThat(Money.status(noShow.payment())).isEqualTo("held");
  }

  @Test
  @DisplayName("an unpaid appointment cancelled: its intent is cancelled at Stripe (payment:<id>:cancel), the payment fails")
  void unpaidIntentCancelled() {
    JsonObject patient = Clinic.patient(money.api, "Unpaid Patient");
    Clinic clinic = clinic();
    JsonObject booked = Clinic.data(money.api.post("/api/v1/appointments", patient.getString("token"),
        clinic.booking(Clinic.hoursAhead(72))), 201);
    JsonObject payment = Clinic.data(money.api.post("/api/v1/payments/intents", patient.getString("token"),
        new JsonObject().put("appointmentId", booked.getString("id"))), 201);
    UUID id = UUID.fromString(payment.getString("id"));
    cancel(UUID.fromString(booked.getString("id")), patient.getString("token"));

    Eventually.until(() -> "failed".equals(Money.status(id)));
    assertThat(money.requests("/v1/payment_intents/", "payment:" + id + ":cancel")).isGreaterThanOrEqualTo(1);
    assertThat(Money.number("SELECT count(*) FROM refunds WHERE payment_id = ?", id)).isZero();
  }
}
