package org.clinicapi.communications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Payment notices through the outbox: a receipt row and a refund row reach SMTP with the amount, the appointment in the location's zone and no clinical detail")
class PaymentNoticeDeliveryTest {
  private static GreenMail smtp;
  private static TestServer server;

  @BeforeAll
  static void start() throws java.io.IOException {
    smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    server = TestServer.start(new JsonObject().put("SMTP_HOST", "127.0.0.1").put("SMTP_PORT", smtp.getSmtp().getPort())
        .put("SMTP_SECURITY", "none").put("MAIL_FROM", "Clinic <no-reply@clinic.test>").put("APP_BASE_URL", "https://app.clinic.test")
        .put("OUTBOX_POLL_MS", 200));
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  @Test
  @DisplayName("the receipt and the refund notice of one payment: Detroit time of the appointment, 100.00 / 25.00 USD, the payment's references")
  void receiptAndRefundArrive() throws Exception {
    Clinic clinic = Clinic.create("Receipt Clinic " + UUID.randomUUID());
    String email = Visits.patient();
    UUID patient = Accounts.idOf(email);
    // 10:00 in Detroit (EST), with a reason that must never reach a message.
    UUID appointment = (UUID) Accounts.value("""
        INSERT INTO appointments (patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by)
        VALUES (?, ?, ?, ?, ?, 'scheduled', 'Private reason', ?) RETURNING id""", patient, clinic.provider(), clinic.location(),
        OffsetDateTime.parse("2031-01-15T15:00:00Z"), OffsetDateTime.parse("2031-01-15T15:30:00Z"), patient);
    UUID payment = (UUID) Accounts.value("""
        INSERT INTO payments (appointment_id, patient_id, provider_id, location_id, amount, currency, fee_bps)
        VALUES (?, ?, ?, ?, 10000, 'usd', 1000) RETURNING id""", appointment, patient, clinic.provider(), clinic.location());
    UUID refund = UUID.randomUUID();

    queue("payment.receipt", patient, new JsonObject().put("paymentId", payment.toString()).put("appointmentId", appointment.toString())
        .put("amount", 10_000).put("currency", "usd"), "payment:" + payment + ":receipt");
    queue("payment.refund", patient, new JsonObject().put("refundId", refund.toString()).put("paymentId", payment.toString())
        .put("amount", 2500).put("currency", "usd"), "refund:" + refund + ":notice");

    String receipt = GreenMailUtil.getBody(Inbox.await(smtp, email, "Payment received: 100.00 USD"));
    assertThat(receipt).contains("Wednesday 15 January 2031, 10:00 EST").contains("Receipt Clinic")
        .contains(payment.toString()).contains("https://app.clinic.test/appointments/" + appointment).doesNotContain("Private reason");
    String notice = GreenMailUtil.getBody(Inbox.await(smtp, email, "Refund issued: 25.00 USD"));
    assertThat(notice).contains("Wednesday 15 January 2031, 10:00 EST").contains(refund.toString()).doesNotContain("Private reason");
    Eventually.until(() -> Accounts.count("SELECT count(*) FROM outbox WHERE user_id = ? AND status = 'sent'", patient) == 2);
  }

  private static void queue(String kind, UUID user, JsonObject payload, String dedupeKey) {
    Accounts.update("INSERT INTO outbox (kind, channel, user_id, payload, dedupe_key) VALUES (?, 'email', ?, ?::jsonb, ?)",
        kind, user, payload.encode(), dedupeKey);
  }
}
