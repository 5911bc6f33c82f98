package org.clinicapi.communications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("E-mail: outbox rows reach a real SMTP server with the right recipient, zone, links, Message-ID and escaping")
class EmailDeliveryTest {
  private static GreenMail smtp;
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    server = TestServer.start(new JsonObject().put("SMTP_HOST", "127.0.0.1").put("SMTP_PORT", smtp.getSmtp().getPort())
        .put("SMTP_SECURITY", "none").put("MAIL_FROM", "Clinic <no-reply@clinic.test>").put("APP_BASE_URL", "https://app.clinic.test")
        // Polling once a minute: a message that arrives within seconds was sent on a wake-up after its commit.
        .put("OUTBOX_POLL_MS", 60_000).put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000));
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  @Test
  @DisplayName("registration sends the welcome e-mail at once (a wake-up after the commit) with a verify link under APP_BASE_URL; the name is escaped in HTML")
  void welcomeEmailArrives() throws Exception {
    String email = "eve." + UUID.randomUUID() + "@example.com";
    JsonObject patient = Clinic.data(api.post("/api/v1/auth/register", null, new JsonObject().put("email", email)
        .put("password", ApiClient.PASSWORD).put("name", "<b>Eve</b> & Co")), 201);
    MimeMessage message = Inbox.await(smtp, email, "Welcome");
    String raw = GreenMailUtil.getWholeMessage(message);
    assertThat(raw).contains("https://app.clinic.test/verify-email?token=");
    assertThat(raw).contains("&lt;b&gt;Eve&lt;/b&gt; &amp; Co").doesNotContain("<p>Hello <b>Eve");
    UUID row = (UUID) Accounts.value("SELECT id FROM outbox WHERE user_id = ? AND kind = 'welcome_verify_email'", idOf(patient));
    assertThat(message.getMessageID()).isEqualTo("<" + row + "@clinic.test>");
    // The outcome is recorded once the dispatcher's whole pass is done, just after the server took the message.
    Eventually.until(() -> "sent".equals(Accounts.value("SELECT status FROM outbox WHERE id = ?", row)));
    assertThat(Accounts.count("SELECT count(*) FROM outbox_attempts WHERE outbox_id = ? AND outcome = 'sent'", row)).isEqualTo(1);
  }

  @Test
  @DisplayName("a booking confirmation shows the time in the location's zone and is audited as notification.sent")
  void confirmationInLocationZone() throws Exception {
    Clinic clinic = Clinic.create("Mail Clinic");
    JsonObject patient = Clinic.patient(api, "Mail Patient");
    String start = "2031-01-15T15:00:00Z"; // 10:00 in Detroit (EST)
    Clinic.data(api.post("/api/v1/appointments", patient.getString("token"), clinic.booking(start)), 201);
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", UUID.fromString(patient.getString("id")));
    MimeMessage message = Inbox.await(smtp, email, "Appointment confirmed");
    String body = GreenMailUtil.getBody(message);
    assertThat(body).contains("Wednesday 15 January 2031, 10:00 EST").contains("Mail Clinic").doesNotContain("Checkup");
    Eventually.until(() -> Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'notification.sent' AND patient_id = ?",
        UUID.fromString(patient.getString("id"))) >= 1);
  }

  private static UUID idOf(JsonObject registered) {
    return UUID.fromString(registered.getJsonObject("user").getString("id"));
  }

}
