package org.clinicapi.communications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Outbox dispatch: several dispatchers send each row once, leases of dead dispatchers expire, an SMTP outage waits")
class OutboxDispatchTest {

  private static JsonObject smtp(int port) {
    return new JsonObject().put("SMTP_HOST", "127.0.0.1").put("SMTP_PORT", port).put("SMTP_SECURITY", "none")
        .put("MAIL_FROM", "Clinic <no-reply@clinic.test>").put("OUTBOX_POLL_MS", 100);
  }

  /** {@code count} password-reset e-mails to a new user; returns the user's address. */
  private static String queue(int count) {
    String email = Accounts.user(Role.PATIENT);
    Accounts.update("""
        INSERT INTO outbox (kind, channel, user_id, payload)
        SELECT 'password_reset', 'email', u.id, jsonb_build_object('link', 'https://app.test/reset?token=' || g, 'expiresInSeconds', 3600)
          FROM users u CROSS JOIN generate_series(1, ?) g WHERE u.email = ?""", count, email);
    return email;
  }

  private static List<MimeMessage> to(GreenMail mail, String address) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
        found.add(m);
      }
    }
    return found;
  }

  private static long unsent(String address) {
    return Accounts.count("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ? AND o.status <> 'sent'", address);
  }

  @Test
  @DisplayName("two servers dispatching from one database send each of 300 rows exactly once")
  void twoDispatchersSendEachRowOnce() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try (TestServer a = TestServer.start(smtp(mail.getSmtp().getPort()).put("OUTBOX_BATCH_SIZE", 10));
         TestServer b = TestServer.start(smtp(mail.getSmtp().getPort()).put("OUTBOX_BATCH_SIZE", 10))) {
      String address = queue(300);
      Eventually.until(() -> unsent(address) == 0);
      List<MimeMessage> received = to(mail, address);
      Set<String> ids = new HashSet<>();
      for (MimeMessage m : received) {
        ids.add(m.getMessageID());
      }
      assertThat(received).hasSize(300);
      assertThat(ids).hasSize(300);
      assertThat(Accounts.count("SELECT count(*) FROM outbox_attempts t JOIN outbox o ON o.id = t.outbox_id JOIN users u ON u.id = o.user_id "
          + "WHERE u.email = ?", address)).isEqualTo(300);
    } finally {
      mail.stop();
    }
  }

  @Test
  @DisplayName("a row leased by a dispatcher that died is left alone until the lease expires, then sent")
  void expiredLeaseIsRetried() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try (TestServer server = TestServer.start(smtp(mail.getSmtp().getPort()))) {
      String address = Accounts.user(Role.PATIENT);
      // As a dispatcher leaves a row when its process dies mid-send: claimed, one attempt counted, leased.
      UUID row = (UUID) Accounts.value("""
          INSERT INTO outbox (kind, channel, user_id, payload, attempts, claim_token, lease_until)
          SELECT 'password_reset', 'email', id, '{"link": "https://app.test/reset"}', 1, gen_random_uuid(), now() + interval '3 seconds'
            FROM users WHERE email = ? RETURNING id""", address);
      long leased = System.currentTimeMillis();
      Eventually.until(() -> "sent".equals(Accounts.value("SELECT status FROM outbox WHERE id = ?", row)));
      assertThat(System.currentTimeMillis() - leased).isGreaterThanOrEqualTo(2_500);
      assertThat(to(mail, address)).hasSize(1);
      assertThat(Accounts.value("SELECT attempts FROM outbox WHERE id = ?", row)).isEqualTo(2);
    } finally {
      mail.stop();
    }
  }

  @Test
  @DisplayName("SMTP down: attempts back off, the breaker opens and leaves rows queued untried; when SMTP returns all arrive once")
  void smtpOutageWaitsAndRecovers() throws Exception {
    int port = TestServer.freePort();
    try (TestServer server = TestServer.start(smtp(port).put("OUTBOX_RETRY_BASE_SECONDS", 1).put("OUTBOX_BATCH_SIZE", 4)
        .put("COMMUNICATIONS_BREAKER_RESET_MS", 1500))) {
      String address = queue(12);
      Eventually.until(() -> Accounts.count("SELECT count(*) FROM outbox_attempts t JOIN outbox o ON o.id = t.outbox_id JOIN users u "
          + "ON u.id = o.user_id WHERE u.email = ? AND t.outcome = 'retry'", address) >= 5);
      // The breaker opened at the fifth failure (two batches of four in flight): the third batch was never claimed.
      assertThat(Accounts.count("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ? AND o.attempts = 0",
          address)).isGreaterThanOrEqualTo(4);
      assertThat(Accounts.count("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ? AND o.status <> 'queued'",
          address)).isZero();
      assertThat(Accounts.value("SELECT last_error_code FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ? AND o.attempts > 0 "
          + "LIMIT 1", address)).isEqualTo("SMTP_UNAVAILABLE");
      GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      try {
        Eventually.until(() -> unsent(address) == 0);
        assertThat(to(mail, address)).hasSize(12);
      } finally {
        mail.stop();
      }
    }
  }
}
