package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Payment receipts and refund notices: e-mail only, amounts in the currency's own units, the appointment in the location's zone, nothing clinical")
class PaymentNoticesComposerTest {
  private static final String BASE = "https://app.clinic.test";
  private static Composer composer;

  @BeforeAll
  static void load() {
    composer = new Composer(Templates.load(""), BASE, "Clinic <no-reply@clinic.test>", new UnsubscribeLinks("test-signing-key", BASE));
  }

  /** As the claim reads it: the appointment (through the payment) at 08:30 UTC, in a Berlin location. */
  private static OutboxMessage message(String kind, String channel, JsonObject payload, Instant appointmentStartsAt) {
    return new OutboxMessage(UUID.randomUUID(), kind, channel, UUID.randomUUID(), payload, 1, Instant.now(),
        new OutboxMessage.Recipient("pat@example.com", "Pat <O'Hara>", "+14155550123", "patient", false, false, false),
        new OutboxMessage.Place("Lakeside <Clinic>", "1 Shore Rd", "Europe/Berlin", "Dr Quinn"), "scheduled", appointmentStartsAt);
  }

  private static JsonObject receipt(long amount, String currency) {
    return new JsonObject().put("paymentId", UUID.randomUUID().toString()).put("appointmentId", UUID.randomUUID().toString())
        .put("amount", amount).put("currency", currency);
  }

  @Test
  @DisplayName("a receipt shows 10000 usd as 100.00 USD, the appointment at 10:30 CEST, the payment reference and a link; no reason")
  void receipt() {
    JsonObject payload = receipt(10_000, "usd").put("reason", "Chest pain");
    MailMessage mail = composer.email(message(Kinds.PAYMENT_RECEIPT, "email", payload, Instant.parse("2031-07-01T08:30:00Z")));

    assertThat(mail.getSubject()).isEqualTo("Payment received: 100.00 USD");
    assertThat(mail.getText()).contains("100.00 USD").contains("Tuesday 1 July 2031, 10:30 CEST").contains("Dr Quinn")
        .contains(payload.getString("paymentId")).contains(BASE + "/appointments/" + payload.getString("appointmentId"))
        .doesNotContain("Chest").doesNotContain("10000");
    assertThat(mail.getHtml()).contains("<strong>100.00 USD</strong>").contains("Lakeside &lt;Clinic&gt;")
        .contains("Pat &lt;O&#39;Hara&gt;").doesNotContain("Chest");
    assertThat(mail.getHeaders().get("List-Unsubscribe")).isNull();
  }

  @Test
  @DisplayName("amounts use the currency's exponent: JPY has none, BHD three, grouping for thousands")
  void currencyExponents() {
    assertThat(composer.email(message(Kinds.PAYMENT_RECEIPT, "email", receipt(1500, "jpy"), null)).getSubject())
        .isEqualTo("Payment received: 1,500 JPY");
    assertThat(composer.email(message(Kinds.PAYMENT_RECEIPT, "email", receipt(12_345, "bhd"), null)).getSubject())
        .isEqualTo("Payment received: 12.345 BHD");
    assertThat(composer.email(message(Kinds.PAYMENT_RECEIPT, "email", receipt(123_456_789, "eur"), null)).getSubject())
        .isEqualTo("Payment received: 1,234,567.89 EUR");
    assertThat(MoneyFormat.format(5, "usd")).isEqualTo("0.05 USD");
  }

  @Test
  @DisplayName("a refund notice shows the refunded amount and both references; without an appointment time it leaves the details out")
  void refundNotice() {
    JsonObject payload = new JsonObject().put("refundId", UUID.randomUUID().toString()).put("paymentId", UUID.randomUUID().toString())
        .put("amount", 5000).put("currency", "usd");
    MailMessage mail = composer.email(message(Kinds.PAYMENT_REFUND, "email", payload, Instant.parse("2031-07-01T08:30:00Z")));
    assertThat(mail.getSubject()).isEqualTo("Refund issued: 50.00 USD");
    assertThat(mail.getText()).contains("refunded 50.00 USD").contains(payload.getString("refundId"))
        .contains(payload.getString("paymentId")).contains("10:30 CEST");

    MailMessage bare = composer.email(message(Kinds.PAYMENT_REFUND, "email", payload, null));
    assertThat(bare.getText()).contains("refunded 50.00 USD").doesNotContain("When:").doesNotContain("null");
  }

  @Test
  @DisplayName("payment notices go by e-mail whatever the notification preferences (the patient's record of money); never by SMS")
  void emailOnly() {
    assertThat(composer.refusal(message(Kinds.PAYMENT_RECEIPT, "email", receipt(100, "usd"), null))).isNull();
    assertThat(composer.refusal(message(Kinds.PAYMENT_REFUND, "email", receipt(100, "usd"), null))).isNull();
    assertThat(composer.refusal(message(Kinds.PAYMENT_RECEIPT, "sms", receipt(100, "usd"), null))).isEqualTo("UNKNOWN_KIND");
  }
}
