package org.clinicapi.communications;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every kind renders: recipient, location zone, links under APP_BASE_URL, HTML escaped, SMS without clinical detail")
class ComposerTest {
  private static final String BASE = "https://app.clinic.test";
  private static final UnsubscribeLinks LINKS = new UnsubscribeLinks("test-signing-key", BASE);
  private static Composer composer;

  @BeforeAll
  static void load() {
    composer = new Composer(Templates.load(""), BASE, "Clinic <no-reply@clinic.test>", LINKS);
  }

  private static OutboxMessage message(String kind, String channel, JsonObject payload) {
    return new OutboxMessage(UUID.randomUUID(), kind, channel, UUID.randomUUID(), payload, 1, Instant.now(),
        new OutboxMessage.Recipient("pat@example.com", "Pat <O'Hara> & Sons", "+14155550123", "patient", true, true, false),
        new OutboxMessage.Place("Lakeside <Clinic>", "1 Shore Rd", "Europe/Berlin", "Dr Quinn"), "scheduled",
        Instant.parse(payload.getString("startsAt", "2031-07-01T08:30:00Z")));
  }

  private static JsonObject appointment() {
    return new JsonObject().put("appointmentId", UUID.randomUUID().toString()).put("providerId", UUID.randomUUID().toString())
        .put("locationId", UUID.randomUUID().toString()).put("startsAt", "2031-07-01T08:30:00Z")
        .put("endsAt", "2031-07-01T09:00:00Z").put("timeZone", "Europe/Berlin");
  }

  @Test
  @DisplayName("account e-mails carry their link and lifetime; the name is escaped in HTML only")
  void accountKinds() {
    for (String kind : new String[] {Kinds.WELCOME_VERIFY_EMAIL, Kinds.PASSWORD_RESET, Kinds.STAFF_INVITATION}) {
      OutboxMessage m = message(kind, "email", new JsonObject().put("link", BASE + "/x?token=abc").put("expiresInSeconds", 86_400));
      MailMessage mail = composer.email(m);
      assertThat(mail.getTo()).containsExactly("pat@example.com");
      assertThat(mail.getSubject()).as(kind).isNotBlank();
      assertThat(mail.getHtml()).contains(BASE + "/x?token=abc").contains("24 hours").contains("Pat &lt;O&#39;Hara&gt; &amp; Sons")
          .doesNotContain("<O'Hara>");
      assertThat(mail.getText()).contains("Pat <O'Hara> & Sons").contains(BASE + "/x?token=abc");
      assertThat(mail.getHeaders().get("Message-ID")).isEqualTo("<" + m.id() + "@clinic.test>");
    }
  }

  @Test
  @DisplayName("appointment e-mails show the time in the location's zone with the provider, place and a link")
  void appointmentKinds() {
    for (String kind : new String[] {Kinds.CONFIRMATION, Kinds.CHANGE, Kinds.CANCELLATION, Kinds.REMINDER}) {
      OutboxMessage m = message(kind, "email", appointment());
      MailMessage mail = composer.email(m);
      assertThat(mail.getText()).as(kind).contains("Tuesday 1 July 2031, 10:30 CEST").contains("Dr Quinn").contains("Lakeside <Clinic>");
      assertThat(mail.getHtml()).as(kind).contains("Lakeside &lt;Clinic&gt;").contains(BASE);
      assertThat(mail.getSubject()).as(kind).contains("Tue 1 Jul 10:30 CEST");
    }
  }

  @Test
  @DisplayName("a reminder e-mail has a signed one-click unsubscribe link and the RFC 8058 headers; others have none")
  void reminderUnsubscribe() {
    OutboxMessage m = message(Kinds.REMINDER, "email", appointment());
    MailMessage mail = composer.email(m);
    String header = mail.getHeaders().get("List-Unsubscribe");
    assertThat(header).startsWith("<" + BASE + UnsubscribeLinks.PATH + "?token=");
    assertThat(mail.getHeaders().get("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    String token = header.substring(header.indexOf("token=") + 6, header.length() - 1);
    assertThat(LINKS.verify(token)).isEqualTo(m.userId());
    assertThat(new UnsubscribeLinks("another-key", BASE).verify(token)).isNull();
    assertThat(mail.getHtml()).contains(token);
    assertThat(composer.email(message(Kinds.CONFIRMATION, "email", appointment())).getHeaders().get("List-Unsubscribe")).isNull();
  }

  @Test
  @DisplayName("SMS of every appointment kind: time, place and link in one segment; no provider, reason or notes")
  void smsKinds() {
    for (String kind : Templates.SMS_KINDS) {
      JsonObject payload = appointment().put("reason", "Chest pain").put("notes", "HIV follow-up");
      String text = composer.sms(message(kind, "sms", payload));
      assertThat(text).as(kind).contains("Tue 1 Jul 10:30 CEST").contains("Lakeside <Clinic>").contains(BASE)
          .doesNotContain("Dr Quinn").doesNotContain("Chest").doesNotContain("HIV").hasSizeLessThanOrEqualTo(160);
    }
  }

  @Test
  @DisplayName("refusals: opted-out number, preferences off (but account e-mails still go), changed or cancelled reminders")
  void refusals() {
    JsonObject payload = appointment();
    OutboxMessage base = message(Kinds.CONFIRMATION, "sms", payload);
    OutboxMessage optedOut = new OutboxMessage(base.id(), base.kind(), "sms", base.userId(), payload, 1, base.createdAt(),
        new OutboxMessage.Recipient("pat@example.com", "Pat", "+14155550123", "patient", true, true, true), base.place(), "scheduled",
        base.appointmentStartsAt());
    assertThat(composer.refusal(optedOut)).isEqualTo("OPTED_OUT");
    OutboxMessage noEmail = new OutboxMessage(base.id(), Kinds.CONFIRMATION, "email", base.userId(), payload, 1, base.createdAt(),
        new OutboxMessage.Recipient("pat@example.com", "Pat", null, "patient", false, false, false), base.place(), "scheduled",
        base.appointmentStartsAt());
    assertThat(composer.refusal(noEmail)).isEqualTo("OPTED_OUT");
    OutboxMessage reset = new OutboxMessage(base.id(), Kinds.PASSWORD_RESET, "email", base.userId(), new JsonObject(), 1, base.createdAt(),
        noEmail.recipient(), base.place(), null, null);
    assertThat(composer.refusal(reset)).isNull();
    OutboxMessage moved = new OutboxMessage(base.id(), Kinds.REMINDER, "email", base.userId(), payload, 1, base.createdAt(),
        base.recipient(), base.place(), "scheduled", Instant.parse("2031-07-02T08:30:00Z"));
    assertThat(composer.refusal(moved)).isEqualTo("APPOINTMENT_CHANGED");
    OutboxMessage cancelled = new OutboxMessage(base.id(), Kinds.REMINDER, "email", base.userId(), payload, 1, base.createdAt(),
        base.recipient(), base.place(), "cancelled", base.appointmentStartsAt());
    assertThat(composer.refusal(cancelled)).isEqualTo("APPOINTMENT_CHANGED");
  }
}
