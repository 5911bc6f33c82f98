package org.clinicapi.faults;

import org.clinicapi.support.ProdSettings;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.Cleanup;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.FreshDatabase;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.ServerProcess;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server in a JVM of its own against a fresh database, the shared Redis under a key prefix of its own, GreenMail
 * for e-mail (each delivery names its outbox row in its Message-ID) and the Stripe simulator with nothing automatic.
 * Mid-load it is killed with SIGKILL while a slow upload is on disk, then started again on the same settings; once
 * the client has asked again for what was not acknowledged and Stripe has retried its webhooks, everything is checked.
 */
@Tag("faults")
@DisplayName("SIGKILL during a mixed write load: after the restart nothing acknowledged is lost, nothing is half-written, "
    + "nothing is sent or charged twice")
class KillDuringWritesTest {
  /** C1 only: the process starts (twice) in about half the time, and this test is about what survives, not speed. */
  private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

  @Test
  @DisplayName("bookings, uploads, payments and messages interrupted by SIGKILL: the audit chain verifies, no half-written upload "
      + "remains, each outbox row is delivered once (twice at most when its sending was not recorded), each payment has one "
      + "Stripe intent and one hold, and the ledger balances")
  void sigkillMidLoadThenRestart() throws Exception {
    try (Cleanup cleanup = new Cleanup()) {
      FreshDatabase db = cleanup.add(FreshDatabase.create());
      GreenMail smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      cleanup.add(smtp::stop);
      StripeFixture stripe = cleanup.add(StripeFixture.start());
      Clinic clinic = Clinic.createIn(db.url(), "Kill Clinic");
      String auditor = Accounts.userIn(db.url(), Role.SUPERADMIN);
      Path dataDir = Files.createTempDirectory("clinic-kill-");
      int port = TestServer.freePort();
      Map<String, String> settings = settings(db, smtp, stripe, port, dataDir);
      stripe.simulator().setWebhookUrl("http://127.0.0.1:" + port + "/api/v1/webhooks/stripe");
      Http http = new Http(port);
      KillAftermath after = new KillAftermath(db.url(), dataDir.resolve("files"), stripe.simulator(), http);

      long started = System.nanoTime();
      ServerProcess first = cleanup.add(ServerProcess.start(settings, JVM));
      cleanup.add(Processes.keepLog(first, "kill-first"));
      Processes.awaitReady(http, first);
      MixedWriteLoad load = new MixedWriteLoad(http, clinic, stripe.simulator());
      load.start(4);
      load.awaitAcknowledged(3, 60);
      SlowUpload.start(http, load.booked.peek().token(), load.unansweredUploads);
      after.awaitPartOnDisk();
      long killedAt = System.nanoTime();
      first.kill();
      load.stop();
      Map<UUID, String> outboxAtKill = after.outboxStatuses();
      Map<String, Long> deliveredAtKill = KillAftermath.deliveries(smtp);
      int partsAtKill = after.parts().size();

      ServerProcess second = cleanup.add(ServerProcess.start(settings, JVM));
      cleanup.add(Processes.keepLog(second, "kill-second"));
      Processes.awaitReady(http, second);
      long readyAgain = System.nanoTime();
      after.askAgainForUnpaid(load);
      after.payAndRedeliver(load);
      KillAftermath.Deliveries deliveries = after.awaitOutboxDelivered(smtp, outboxAtKill, deliveredAtKill);
      after.awaitAllHeld();
      after.awaitNoParts();

      assertThat(partsAtKill).as("temporary upload files on disk at the kill").isPositive();
      after.assertAcknowledgedWritesKept(load);
      int orphans = after.assertUploadsWhole(load);
      after.assertOneIntentPerPayment();
      LedgerInvariants.checkIn(db.url());
      JsonObject verdict = after.auditVerdict(auditor);
      assertThat(verdict.getBoolean("valid")).as("audit chain verdict %s", verdict).isTrue();

      System.out.printf("SIGKILL test: %s; %d parts on disk at the kill; outbox %d e-mail rows (%d not sent at the kill), "
              + "%d delivered more than once in all; %d stored objects without a row; load %.1f s, restart to ready %.1f s, settled %.1f s after; "
              + "%d audit events verified%n", load.summary(), partsAtKill, deliveries.rows(), deliveries.unsentAtKill(),
          deliveries.twice(), orphans, (killedAt - started) / 1e9, (readyAgain - killedAt) / 1e9,
          (System.nanoTime() - readyAgain) / 1e9, verdict.getLong("checked"));
    }
  }

  private static Map<String, String> settings(FreshDatabase db, GreenMail smtp, StripeFixture stripe, int port, Path dataDir)
      throws Exception {
    Map<String, String> env = ProdSettings.of(db.url(), port, dataDir, "kill");
    stripe.settings(new JsonObject()).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.putAll(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_SECURITY", "none",
        "MAIL_FROM", "Clinic <no-reply@clinic.test>"));
    // Leases short enough that rows the killed process held are free again soon after the restart, and a send
    // timeout long enough that a slow but successful send on a busy machine is not taken for a failure (and sent again).
    env.putAll(Map.of("OUTBOX_LEASE_SECONDS", "12", "OUTBOX_SEND_TIMEOUT_MS", "6000", "OUTBOX_POLL_MS", "500",
        "OUTBOX_RETRY_BASE_SECONDS", "1", "COMMUNICATIONS_BREAKER_RESET_MS", "2000",
        "HTTP_REQUEST_TIMEOUT_MS", "4000", "BUS_TIMEOUT_MS", "3000", "DATABASE_STATEMENT_TIMEOUT_MS", "2500",
        // A cold JVM on a busy machine lags; shedding is the overload test's subject, not this one's.
        "SHED_EVENT_LOOP_LAG_MS", "2000"));
    return env;
  }
}
