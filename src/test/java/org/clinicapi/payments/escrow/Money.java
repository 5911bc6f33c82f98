package org.clinicapi.payments.escrow;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinicapi.auth.api.Role;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.payments.stripe.StripeApi;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money tests' world: a Stripe simulator, a server pointed at it, and shortcuts to a paid (held) appointment,
 * a provider who can be paid, a completed or cancelled appointment. Test thread only (blocking calls).
 */
final class Money implements AutoCloseable {
  final StripeFixture fixture;
  final TestServer server;
  final Vertx vertx;
  final ApiClient api;
  final StripeApi stripe;

  /** A paid appointment: its payment and Stripe intent, its patient's token. */
  record Paid(Clinic clinic, UUID appointment, UUID payment, String intent, String patientToken, UUID patient) {
  }

  Money(JsonObject settings) {
    // The first NIO server socket of the JVM reads files as Netty and the JDK set up: here, not on the simulator's
    // event loop at its first listen (BlockHound fails a test for that).
    new io.netty.channel.socket.nio.NioServerSocketChannel().unsafe().closeForcibly();
    fixture = StripeFixture.start();
    server = fixture.server(settings);
    vertx = Vertx.vertx();
    api = new ApiClient(vertx, server);
    stripe = StripeApi.create(StripeFixture.SECRET_KEY, fixture.simulator().apiBase(), Duration.ofSeconds(10));
  }

  StripeSimulator simulator() {
    return fixture.simulator();
  }

  /** Booked {@code hoursAhead} from now by a new patient, paid, held. */
  Paid paid(Clinic clinic, int hoursAhead) {
    JsonObject patient = Clinic.patient(api, "Money Patient");
    String token = patient.getString("token");
    JsonObject booked = Clinic.data(api.post("/api/v1/appointments", token, clinic.booking(Clinic.hoursAhead(hoursAhead))), 201);
    UUID appointment = UUID.fromString(booked.getString("id"));
    JsonObject payment = Clinic.data(api.post("/api/v1/payments/intents", token,
        new JsonObject().put("appointmentId", appointment.toString())), 201);
    UUID id = UUID.fromString(payment.getString("id"));
    String intent = payment.getString("providerPaymentIntentId");
    hold(id, intent);
    return new Paid(clinic, appointment, id, intent, token, UUID.fromString(patient.getString("id")));
  }

  /**
   * The customer pays: the simulator delivers payment_intent.succeeded. Where the webhook handler is not there
   * (yet), what it does is done here, as it would: held, the charge, the ledger's payment_held booking.
   */
  void hold(UUID payment, String intent) {
    try {
      simulator().succeed(intent).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // delivery refused: no handler; done by hand below
    }
    String charge = stripe.retrieveIntent(intent).latestChargeId();
    Accounts.value("""
        WITH p AS (UPDATE payments SET status = 'held', charge_id = ?, held_at = now(), updated_at = now()
                    WHERE id = ? AND status IN ('requires_payment', 'processing') RETURNING id, amount, currency),
        t AS (INSERT INTO ledger_transactions (payment_id, kind, reference) SELECT id, 'payment_held', id::text FROM p
              ON CONFLICT (kind, reference) DO NOTHING RETURNING id),
        e AS (INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency)
              SELECT t.id, x.account, x.amount, p.currency FROM t, p,
                     LATERAL (VALUES ('stripe_balance', p.amount), ('escrow', -p.amount)) AS x (account, amount))
        SELECT count(*) FROM p""", charge, payment);
    assertThat(status(payment)).isEqualTo("held");
  }

  /** The clinic's provider gets a Connect account that can receive transfers. */
  String payoutAccount(Clinic clinic) {
    String account = stripe.createExpressAccount("provider@example.com", Map.of(), "test:" + UUID.randomUUID()).id();
    try {
      simulator().enableAccount(account).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // account.updated not accepted (no handler yet): the row below says it all
    }
    Accounts.update("""
        INSERT INTO payout_accounts (provider_id, stripe_account_id, payouts_enabled, details_submitted)
        VALUES (?, ?, true, true)
        ON CONFLICT (provider_id) DO UPDATE SET stripe_account_id = excluded.stripe_account_id, payouts_enabled = true""",
        clinic.provider(), account);
    return account;
  }

  String staff(Role role, UUID... locations) {
    return Clinic.staffToken(api, role, locations);
  }

  /** Confirm, check in, complete, as staff of the location. */
  void complete(Paid p) {
    String staff = staff(Role.MANAGER, p.clinic().location());
    for (String step : new String[] {"confirm", "check-in", "complete"}) {
      HttpResponse<Buffer> r = api.post("/api/v1/appointments/" + p.appointment() + "/" + step, staff, new JsonObject());
      assertThat(r.statusCode()).as(step + ": " + r.bodyAsString()).isEqualTo(200);
    }
  }

  HttpResponse<Buffer> refund(UUID payment, String token, Long amount) {
    JsonObject body = new JsonObject().put("reason", "Goodwill");
    if (amount != null) {
      body.put("amount", amount);
    }
    return api.post("/api/v1/payments/" + payment + "/refunds", token, body);
  }

  static String status(UUID payment) {
    return (String) Accounts.value("SELECT status FROM payments WHERE id = ?", payment);
  }

  static long number(String sql, Object... params) {
    return ((Number) Accounts.value(sql, params)).longValue();
  }

  /** POSTs to Stripe with this idempotency key. */
  long requests(String path, String key) {
    return simulator().requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith(path)
        && key.equals(r.idempotencyKey())).count();
  }

  @Override
  public void close() {
    server.close();
    vertx.close();
    fixture.close();
  }
}
