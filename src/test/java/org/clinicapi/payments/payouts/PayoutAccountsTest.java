package org.clinicapi.payments.payouts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.api.Role;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;
import org.clinicapi.support.LedgerInvariants;
import org.clinicapi.support.StripeFixture;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Payout accounts: one Connect Express account per provider, a fresh onboarding link per call, provider / manager / superadmin only")
class PayoutAccountsTest {
  private static StripeFixture stripe;
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    stripe = StripeFixture.start();
    server = stripe.server();
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
    stripe.close();
  }

  @AfterEach
  void invariants() {
    LedgerInvariants.check();
  }

  private static String path(UUID provider) {
    return "/api/v1/providers/" + provider + "/payout-account";
  }

  private static String providerToken(Clinic clinic) {
    String email = (String) Accounts.value("SELECT email::text FROM users WHERE id = ?", clinic.provider());
    return api.login(email, ApiClient.PASSWORD).getString("accessToken");
  }

  private static List<StripeSimulator.Request> accountCreations() {
    return stripe.simulator().requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals("/v1/accounts")).toList();
  }

  @Test
  @DisplayName("the provider's first call makes the account (keyed by the provider), stores it, audits it and answers a link back to the app")
  void providerGetsAccountAndLink() {
    Clinic clinic = Clinic.create("Payout Clinic " + UUID.randomUUID());
    String token = providerToken(clinic);

    JsonObject link = Clinic.data(api.post(path(clinic.provider()), token, null), 200);

    assertThat(link.fieldNames()).containsExactlyInAnyOrder("onboardingUrl", "payoutsEnabled");
    assertThat(link.getBoolean("payoutsEnabled")).isFalse();
    String account = (String) Accounts.value("SELECT stripe_account_id FROM payout_accounts WHERE provider_id = ?", clinic.provider());
    assertThat(account).startsWith("acct_");
    String url = URLDecoder.decode(link.getString("onboardingUrl"), StandardCharsets.UTF_8);
    assertThat(url).contains(account).contains("provider=" + clinic.provider());
    StripeSimulator.Request creation = accountCreations().stream()
        .filter(r -> ("provider:" + clinic.provider() + ":payout-account").equals(r.idempotencyKey())).findFirst().orElseThrow();
    assertThat(creation.params().encode()).contains(clinic.provider().toString());
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'payout_account.link' AND resource_id = ? AND outcome = 'success'",
        clinic.provider().toString())).isEqualTo(1);
  }

  @Test
  @DisplayName("a later call keeps the account, reads its state from Stripe (enabled once onboarding finished) and answers a new link")
  void laterCallRefreshesPayoutsEnabled() throws Exception {
    Clinic clinic = Clinic.create("Payout Clinic " + UUID.randomUUID());
    String token = providerToken(clinic);
    Clinic.data(api.post(path(clinic.provider()), token, null), 200);
    String account = (String) Accounts.value("SELECT stripe_account_id FROM payout_accounts WHERE provider_id = ?", clinic.provider());
    // Onboarding finished at Stripe; its account.updated may or may not be handled here: the call reads Stripe itself.
    stripe.simulator().enableAccount(account).otherwiseEmpty().await(30, TimeUnit.SECONDS);

    JsonObject again = Clinic.data(api.post(path(clinic.provider()), token, null), 200);

    assertThat(again.getBoolean("payoutsEnabled")).isTrue();
    assertThat(Accounts.value("SELECT payouts_enabled FROM payout_accounts WHERE provider_id = ?", clinic.provider())).isEqualTo(true);
    assertThat(Accounts.value("SELECT stripe_account_id FROM payout_accounts WHERE provider_id = ?", clinic.provider())).isEqualTo(account);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'payout_account.link' AND resource_id = ? AND outcome = 'success'",
        clinic.provider().toString())).isEqualTo(2);
  }

  @Test
  @DisplayName("two concurrent first calls end with one account row, both answered")
  void concurrentFirstCallsKeepOneAccount() throws Exception {
    Clinic clinic = Clinic.create("Payout Clinic " + UUID.randomUUID());
    String token = providerToken(clinic);

    List<Future<HttpResponse<Buffer>>> calls = List.of(send(token, clinic.provider()), send(token, clinic.provider()));
    Future.all(calls).await(30, TimeUnit.SECONDS);

    for (Future<HttpResponse<Buffer>> call : calls) {
      assertThat(call.result().statusCode()).as(call.result().bodyAsString()).isEqualTo(200);
    }
    assertThat(Accounts.count("SELECT count(*) FROM payout_accounts WHERE provider_id = ?", clinic.provider())).isEqualTo(1);
    String key = "provider:" + clinic.provider() + ":payout-account";
    assertThat(accountCreations().stream().filter(r -> key.equals(r.idempotencyKey()))).hasSizeBetween(1, 2);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE action = 'payout_account.link' AND resource_id = ? AND outcome = 'success'",
        clinic.provider().toString())).isEqualTo(2);
  }

  private static Future<HttpResponse<Buffer>> send(String token, UUID provider) {
    return api.request(HttpMethod.POST, path(provider)).putHeader("Authorization", "Bearer " + token).send();
  }

  @Test
  @DisplayName("a manager of one of the provider's locations and a superadmin may; another location's manager, billing, a patient or another provider may not; unknown providers 404")
  void whoMayLink() {
    Clinic clinic = Clinic.create("Payout Clinic " + UUID.randomUUID());
    UUID elsewhere = Accounts.location("Elsewhere " + UUID.randomUUID());
    Clinic other = Clinic.create("Other Payout Clinic " + UUID.randomUUID());

    assertThat(api.post(path(clinic.provider()), Clinic.staffToken(api, Role.MANAGER, elsewhere, clinic.location()), null).statusCode())
        .isEqualTo(200);
    assertThat(api.post(path(clinic.provider()), Clinic.staffToken(api, Role.SUPERADMIN), null).statusCode()).isEqualTo(200);
    assertThat(api.post(path(clinic.provider()), Clinic.staffToken(api, Role.MANAGER, elsewhere), null).statusCode()).isEqualTo(403);
    assertThat(api.post(path(clinic.provider()), Clinic.staffToken(api, Role.BILLING, clinic.location()), null).statusCode()).isEqualTo(403);
    assertThat(api.post(path(clinic.provider()), Clinic.patient(api, "Payout Patient").getString("token"), null).statusCode()).isEqualTo(403);
    assertThat(api.post(path(clinic.provider()), providerToken(other), null).statusCode()).isEqualTo(403);
    assertThat(api.post(path(UUID.randomUUID()), Clinic.staffToken(api, Role.SUPERADMIN), null).statusCode()).isEqualTo(404);
    assertThat(api.post(path(clinic.provider()), null, null).statusCode()).isEqualTo(401);
    assertThat(Accounts.count("SELECT count(*) FROM payout_accounts WHERE provider_id = ?", other.provider())).isZero();
  }
}
