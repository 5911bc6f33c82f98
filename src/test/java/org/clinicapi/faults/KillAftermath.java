package org.clinicapi.faults;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SIGKILL test does after the restart, against the killed server's database, upload directory, Stripe
 * simulator and SMTP server: settle (the client asks again, Stripe retries its webhooks, leases expire) and check.
 */
final class KillAftermath {
  /** Outbox e-mail rows, those not recorded as sent when the process died, and those that reached SMTP twice. */
  record Deliveries(int rows, int unsentAtKill, int twice) {
  }

  private final String url;
  private final Path files;
  private final StripeSimulator stripe;
  private final Http http;

  KillAftermath(String url, Path files, StripeSimulator stripe, Http http) {
    this.url = url;
    this.files = files;
    this.stripe = stripe;
    this.http = http;
  }

  void awaitPartOnDisk() throws InterruptedException {
    Processes.await(() -> !parts().isEmpty(), 10, () -> "the slow upload never reached the disk");
  }

  void awaitNoParts() throws InterruptedException {
    Processes.await(() -> parts().isEmpty(), 30, () -> "temporary upload files left: " + parts());
  }

  /** The temporary files of uploads in progress (the {@code .parts} directory of the upload directory). */
  List<Path> parts() {
    Path dir = files.resolve(".parts");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Map<UUID, String> outboxStatuses() throws SQLException {
    Map<UUID, String> statuses = new HashMap<>();
    rows("SELECT id, status FROM outbox WHERE channel = 'email'", r -> statuses.put((UUID) r.getObject(1), r.getString(2)));
    return statuses;
  }

  /** The client's retry of every intent request that was not acknowledged: the same payment, never a second one. */
  void askAgainForUnpaid(MixedWriteLoad load) throws IOException {
    for (MixedWriteLoad.Booked booking : load.unpaid) {
      Http.Answer answer = Http.retrying503(() -> http.post("/api/v1/payments/intents", booking.token(),
          new JsonObject().put("appointmentId", booking.appointmentId())));
      assertThat(answer.status()).as("intent asked again: %s", answer.body()).isIn(200, 201);
    }
  }

  /** Pays the intents the load had no time to pay, then delivers every Stripe event again, as Stripe retries. */
  void payAndRedeliver(MixedWriteLoad load) throws Exception {
    List<String> intents = new ArrayList<>();
    rows("SELECT stripe_payment_intent_id FROM payments WHERE stripe_payment_intent_id IS NOT NULL", r -> intents.add(r.getString(1)));
    for (String intent : intents) {
      if (load.payRequested.add(intent)) {
        stripe.succeed(intent).await(30, TimeUnit.SECONDS);
      }
    }
    for (JsonObject event : stripe.events()) {
      StripeSimulator.SignedEvent signed = stripe.redelivery(event);
      Http.Answer answer = Http.retrying503(() -> http.postRaw("/api/v1/webhooks/stripe", signed.body(),
          "Content-Type", "application/json; charset=utf-8", "Stripe-Signature", signed.signatureHeader()));
      assertThat(answer.status()).as("redelivered %s: %s", event.getString("type"), answer.body()).isBetween(200, 299);
    }
  }

  void awaitAllHeld() throws InterruptedException {
    String notHeld = "SELECT count(*) FROM payments WHERE status <> 'held' OR stripe_payment_intent_id IS NULL";
    Processes.await(() -> Accounts.countIn(url, notHeld) == 0, 30, () -> Accounts.countIn(url, notHeld) + " payments not held");
  }

  /**
   * Waits until every e-mail row is sent, then compares SMTP deliveries per row (the Message-ID names it) with those
   * made before the kill: after the restart a row is delivered at most once more, and not at all when the killed
   * process had recorded it as sent.
   */
  Deliveries awaitOutboxDelivered(GreenMail smtp, Map<UUID, String> statusAtKill, Map<String, Long> deliveredAtKill) throws Exception {
    String unsent = "SELECT count(*) FROM outbox WHERE channel = 'email' AND status <> 'sent'";
    Processes.await(() -> Accounts.countIn(url, unsent) == 0, 45, () -> Accounts.countIn(url, unsent) + " e-mail rows not sent");
    Map<String, Long> delivered = deliveries(smtp);
    Map<UUID, String> rows = outboxStatuses();
    assertThat(delivered.keySet()).as("deliveries of rows that do not exist").allMatch(id -> rows.containsKey(UUID.fromString(id)));
    int twice = 0;
    for (UUID row : rows.keySet()) {
      long total = delivered.getOrDefault(row.toString(), 0L);
      long more = total - deliveredAtKill.getOrDefault(row.toString(), 0L);
      boolean sentBefore = "sent".equals(statusAtKill.get(row));
      assertThat(total).as("deliveries of row %s", row).isPositive();
      assertThat(more).as("deliveries after the restart of row %s (sent before the kill: %s; attempts %s)", row, sentBefore, attempts(row))
          .isLessThanOrEqualTo(sentBefore ? 0L : 1L);
      twice += total > 1 ? 1 : 0;
    }
    int unsentAtKill = (int) rows.keySet().stream().filter(row -> !"sent".equals(statusAtKill.get(row))).count();
    return new Deliveries(rows.size(), unsentAtKill, twice);
  }

  /** SMTP deliveries so far per outbox row id. */
  static Map<String, Long> deliveries(GreenMail smtp) throws MessagingException {
    Map<String, Long> delivered = new HashMap<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      String id = message.getMessageID();
      delivered.merge(id.substring(1, id.indexOf('@')), 1L, Long::sum);
    }
    return delivered;
  }

  private List<String> attempts(UUID row) {
    List<String> attempts = new ArrayList<>();
    try {
      rows("SELECT attempt || ' ' || outcome || ' ' || coalesce(error_code, '') || ' ' || at FROM outbox_attempts WHERE outbox_id = '"
          + row + "' ORDER BY attempt", r -> attempts.add(r.getString(1)));
    } catch (SQLException e) {
      attempts.add(e.toString());
    }
    return attempts;
  }

  void assertAcknowledgedWritesKept(MixedWriteLoad load) {
    assertThat(load.registered).as("acknowledged sign-ups").allMatch(id -> exists("users", id));
    assertThat(load.booked).as("acknowledged bookings").allMatch(b -> exists("appointments", b.appointmentId()));
    assertThat(load.uploaded).as("acknowledged uploads").allMatch(u -> exists("files", u.id()));
    assertThat(load.paid).as("acknowledged payments").allMatch(p -> exists("payments", p.paymentId()));
  }

  private boolean exists(String table, String id) {
    return Accounts.countIn(url, "SELECT count(*) FROM " + table + " WHERE id = ?", UUID.fromString(id)) == 1;
  }

  /**
   * Every files row has its whole object (size and SHA-256 as recorded). Returns the stored objects without a row:
   * an upload killed between its rename and its commit leaves one; there can be no more of them than unanswered uploads.
   */
  int assertUploadsWhole(MixedWriteLoad load) throws Exception {
    Set<String> keys = new HashSet<>();
    rows("SELECT storage_key, size, sha256 FROM files", r -> {
      Path object = files.resolve(r.getString(1));
      keys.add(object.toString());
      assertThat(object).as("stored object of a files row").exists();
      byte[] bytes = readAll(object);
      assertThat((long) bytes.length).as("size of %s", object).isEqualTo(r.getLong(2));
      assertThat(MixedWriteLoad.sha256(bytes)).as("SHA-256 of %s", object).isEqualTo(r.getString(3));
    });
    List<Path> orphans = regularFiles().filter(p -> !p.getParent().equals(files) && !p.getParent().getFileName().toString().startsWith("."))
        .filter(p -> !keys.contains(p.toString())).toList();
    assertThat(orphans.size()).as("stored objects without a row").isLessThanOrEqualTo(load.unansweredUploads.get());
    return orphans.size();
  }

  /** Per payment exactly one intent at Stripe, asked for only ever under the payment's own idempotency key, and one hold. */
  void assertOneIntentPerPayment() throws Exception {
    Map<String, List<String>> byPayment = StripeListing.intents(stripe.apiBase()).stream().collect(Collectors.groupingBy(
        i -> i.getJsonObject("metadata").getString("paymentId"), Collectors.mapping(i -> i.getString("id"), Collectors.toList())));
    Map<String, String> ours = new HashMap<>();
    rows("SELECT id, stripe_payment_intent_id FROM payments", r -> ours.put(r.getString(1), r.getString(2)));
    assertThat(byPayment.keySet()).as("payments with an intent at Stripe").isEqualTo(ours.keySet());
    ours.forEach((payment, intent) -> assertThat(byPayment.get(payment)).as("intents of payment %s", payment).containsExactly(intent));
    assertThat(stripe.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/payment_intents"))
        .allSatisfy(r -> assertThat(r.idempotencyKey())
            .isEqualTo("payment:" + r.params().getJsonObject("metadata").getString("paymentId") + ":intent"));
    assertThat(Accounts.countIn(url, """
        SELECT count(*) FROM payments p WHERE (SELECT count(*) FROM ledger_transactions t
                                               WHERE t.payment_id = p.id AND t.kind = 'payment_held') <> 1""")).as("payments not held exactly once").isZero();
  }

  JsonObject auditVerdict(String auditorEmail) throws IOException {
    Http.Answer login = Http.retrying503(() -> http.post("/api/v1/auth/login", null,
        new JsonObject().put("email", auditorEmail).put("password", ApiClient.PASSWORD)));
    assertThat(login.status()).as("auditor sign-in: %s", login.body()).isEqualTo(200);
    String token = login.data().getString("accessToken");
    Http.Answer verdict = Http.retrying503(() -> http.get("/api/v1/audit-events/verify", token));
    assertThat(verdict.status()).as("audit verify: %s", verdict.body()).isEqualTo(200);
    return verdict.data();
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private void rows(String sql, RowReader reader) throws SQLException {
    try (Connection c = TestEnvironment.jdbc(url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        reader.read(r);
      }
    }
  }

  private Stream<Path> regularFiles() {
    if (!Files.isDirectory(files)) {
      return Stream.empty();
    }
    try (Stream<Path> all = Files.walk(files)) {
      return all.filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError("unreadable stored object " + file, e);
    }
  }
}
