package org.clinicapi.payments;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.Eventually;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/health's payment check: mode, breaker and Stripe's reachability (pinged at most once a minute), no secrets; DOWN only with the breaker open")
class PaymentHealthTest {
  private static final JsonObject FAST_HEALTH = new JsonObject().put("HEALTH_CHECK_INTERVAL_MS", 200);

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  @Test
  @DisplayName("against the Stripe fixture with a test key: UP, mode test, breaker closed, reachable, and nothing of the key, secret or URL")
  void upInTestMode(Vertx vertx) {
    try (StripeFixture stripe = StripeFixture.start(); TestServer server = stripe.server(FAST_HEALTH)) {
      ApiClient api = new ApiClient(vertx, server);
      JsonObject check = awaitCheck(api, c -> c.getJsonObject("data").containsKey("reachable"));

      assertThat(check.getString("status")).isEqualTo("UP");
      JsonObject data = check.getJsonObject("data");
      assertThat(data.getString("mode")).isEqualTo("test");
      assertThat(data.getString("breaker")).isEqualTo("closed");
      assertThat(data.getBoolean("reachable")).isTrue();
      assertThat(data.getString("checkedAt")).isNotBlank();
      String body = api.get("/health", null).bodyAsString();
      assertThat(body).doesNotContain(StripeFixture.SECRET_KEY).doesNotContain(StripeFixture.WEBHOOK_SECRET)
          .doesNotContain(stripe.simulator().apiBase());
      // Rounds every 200 ms: after twenty more answers (a second or more of rounds) Stripe was still pinged once.
      java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
      awaitCheck(api, c -> answers.incrementAndGet() >= 20);
      assertThat(stripe.simulator().requests().stream().filter(r -> r.path().equals("/v1/balance"))).hasSize(1);
    }
  }

  @Test
  @DisplayName("Stripe down: failing calls open the breaker and the check goes DOWN (so /health 503) while readiness stays UP")
  void downWithTheBreakerOpen(Vertx vertx) {
    try (StripeFixture stripe = StripeFixture.start(); TestServer server = stripe.server(FAST_HEALTH.copy().put("STRIPE_BREAKER_RESET_MS", 60_000))) {
      ApiClient api = new ApiClient(vertx, server);
      awaitCheck(api, c -> "UP".equals(c.getString("status")));
      String admin = Clinic.staffToken(api, Role.SUPERADMIN);
      stripe.simulator().outage(true);

      Clinic clinic = Clinic.create("Outage Clinic " + UUID.randomUUID());
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> refused = api.post("/api/v1/providers/" + clinic.provider() + "/payout-account", admin, null);
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
      }

      JsonObject check = awaitCheck(api, c -> "DOWN".equals(c.getString("status")));
      assertThat(check.getJsonObject("data").getString("breaker")).isEqualTo("open");
      assertThat(api.get("/health", null).statusCode()).isEqualTo(503);
      assertThat(api.get("/health/ready", null).statusCode()).isEqualTo(200);
      assertThat(Accounts.count("SELECT count(*) FROM payout_accounts WHERE provider_id = ?", clinic.provider())).isZero();
    }
  }

  @Test
  @DisplayName("dev without a key: mode simulated, and the built-in simulator takes an intent to held by itself through the signed webhook route")
  void devSimulatorEndToEnd(Vertx vertx) {
    try (TestServer server = TestServer.start(new JsonObject().put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000).put("HEALTH_CHECK_INTERVAL_MS", 200))) {
      ApiClient api = new ApiClient(vertx, server);
      JsonObject check = awaitCheck(api, c -> c.getJsonObject("data").containsKey("reachable"));
      assertThat(check.getString("status")).isEqualTo("UP");
      assertThat(check.getJsonObject("data").getString("mode")).isEqualTo("simulated");
      assertThat(check.getJsonObject("data").getBoolean("reachable")).isTrue();

      Clinic clinic = Clinic.create("Simulated Clinic " + UUID.randomUUID());
      JsonObject patient = Clinic.patient(api, "Simulated Patient");
      String token = patient.getString("token");
      String appointment = Clinic.data(api.post("/api/v1/appointments", token, clinic.booking(Clinic.hoursAhead(72))), 201).getString("id");
      JsonObject intent = Clinic.data(api.post("/api/v1/payments/intents", token, new JsonObject().put("appointmentId", appointment)), 201);
      assertThat(intent.getString("clientSecret")).isNotBlank();
      assertThat(intent.getString("status")).isEqualTo("requires_payment");
      String payment = intent.getString("paymentId");

      Eventually.until(() -> "held".equals(Clinic.data(api.get("/api/v1/payments/" + payment, token), 200).getString("status")));
      assertThat(Accounts.count("SELECT count(*) FROM stripe_events")).isPositive();
      assertThat(Accounts.count("SELECT count(*) FROM ledger_transactions WHERE payment_id = ? AND kind = 'payment_held'",
          UUID.fromString(payment))).isEqualTo(1);
    }
  }

  /** The payment check of the first /health answer that satisfies {@code until}. */
  private static JsonObject awaitCheck(ApiClient api, java.util.function.Predicate<JsonObject> until) {
    AtomicReference<JsonObject> found = new AtomicReference<>();
    Eventually.until(() -> {
      JsonObject health = api.get("/health", null).bodyAsJsonObject();
      JsonObject check = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> "payment".equals(c.getString("id"))).findFirst().orElse(null);
      found.set(check);
      return check != null && until.test(check);
    });
    return found.get();
  }
}
