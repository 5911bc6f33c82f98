package org.clinicapi.payments.stripe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("StripeApi through the real stripe-java against the Stripe simulator, called on worker threads")
class StripeApiSimulatorTest {
  private static final String KEY = SimulatedStripe.KEY;
  private static final String SECRET = SimulatedStripe.SECRET;

  private SimulatedStripe sim;
  private Vertx vertx;
  private StripeSimulator stripe;
  private WebhookReceiver receiver;
  private StripeApi api;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    SimulatedStripe.start(vertx, false).onComplete(ctx.succeeding(started -> {
      sim = started;
      stripe = started.stripe;
      receiver = started.receiver;
      api = started.api;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    sim.close().onComplete(ctx.succeedingThenComplete());
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return sim.blocking(call);
  }

  private Future<StripeCallException> failing(Callable<?> call) {
    return blocking(call).transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("expected a StripeCallException, got " + ar.result()))
        : ar.cause() instanceof StripeCallException e ? Future.succeededFuture(e) : Future.failedFuture(ar.cause()));
  }

  private Future<Intent> paidIntent(long amount) {
    return blocking(() -> api.createIntent(new NewIntent(amount, "usd", Map.of("paymentId", "p-" + amount),
        "group-" + amount, "visit"), "pay-" + amount))
        .compose(intent -> stripe.succeed(intent.id()).compose(v -> blocking(() -> api.retrieveIntent(intent.id()))));
  }

  @Test
  @DisplayName("the same idempotency key gives the same intent, another key a new one, another body an idempotency error")
  void idempotentIntents(VertxTestContext ctx) {
    NewIntent in = new NewIntent(4200, "usd", Map.of("paymentId", "p1"), "appt-1", "consultation");
    Future<Intent> first = blocking(() -> api.createIntent(in, "intent-p1"));
    Future<Intent> again = first.compose(i -> blocking(() -> api.createIntent(in, "intent-p1")));
    Future<Intent> other = again.compose(i -> blocking(() -> api.createIntent(in, "intent-p2")));
    Future<StripeCallException> changed = other.compose(i -> failing(() ->
        api.createIntent(new NewIntent(5000, "usd", Map.of(), null, null), "intent-p1")));
    changed.onComplete(ctx.succeeding(e -> ctx.verify(() -> {
      assertThat(again.result().id()).isEqualTo(first.result().id()).startsWith("pi_");
      assertThat(other.result().id()).isNotEqualTo(first.result().id());
      assertThat(first.result().clientSecret()).startsWith(first.result().id() + "_secret_");
      assertThat(first.result()).extracting(Intent::amount, Intent::currency, Intent::status, Intent::metadata)
          .containsExactly(4200L, "usd", "requires_payment_method", Map.of("paymentId", "p1"));
      assertThat(e.kind()).isEqualTo(StripeCallException.Kind.IDEMPOTENCY);
      assertThat(e.retryable()).isFalse();
      StripeSimulator.Request sent = stripe.requests().get(0);
      assertThat(sent.idempotencyKey()).isEqualTo("intent-p1");
      assertThat(sent.params().getJsonObject("automatic_payment_methods").getString("enabled")).isEqualTo("true");
      assertThat(sent.params().getString("transfer_group")).isEqualTo("appt-1");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("intents created since a time come newest first, at most as many as asked, across pages")
  void listSince(VertxTestContext ctx) {
    long since = System.currentTimeMillis() / 1000 - 60;
    blocking(() -> {
      for (int i = 1; i <= 102; i++) {
        api.createIntent(new NewIntent(100 + i, "usd", Map.of(), null, null), "list-" + i);
      }
      return null;
    }).compose(v -> blocking(() -> Map.of(
        "two", api.intentsCreatedSince(since, 2), "many", api.intentsCreatedSince(since, 101),
        "future", api.intentsCreatedSince(since + 3600, 10))))
        .onComplete(ctx.succeeding(lists -> ctx.verify(() -> {
          assertThat(lists.get("two")).extracting(Intent::amount).containsExactly(202L, 201L);
          assertThat(lists.get("many")).hasSize(101).extracting(Intent::amount).startsWith(202L, 201L).endsWith(102L);
          assertThat(lists.get("future")).isEmpty();
          assertThat(stripe.requests()).filteredOn(r -> r.method().equals("GET"))
              .anyMatch(r -> r.params().containsKey("starting_after"));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("refunds need a paid intent and never exceed what is left (amount_too_large); settling one tells the webhook")
  void refundLimits(VertxTestContext ctx) {
    Future<StripeCallException> unpaid = blocking(() -> api.createIntent(new NewIntent(900, "usd", Map.of(), null, null), "u"))
        .compose(i -> failing(() -> api.createRefund(i.id(), 100, Map.of(), "refund-unpaid")));
    Future<Intent> paid = unpaid.compose(e -> paidIntent(1000));
    Future<Refund> part = paid.compose(i -> blocking(() -> api.createRefund(i.id(), 600, Map.of("r", "1"), "refund-1")));
    Future<StripeCallException> tooMuch = part.compose(r -> failing(() ->
        api.createRefund(r.paymentIntentId(), 500, Map.of(), "refund-2")));
    Future<Refund> rest = tooMuch.compose(e -> blocking(() -> api.createRefund(paid.result().id(), 400, Map.of(), "refund-3")));
    rest.compose(r -> stripe.succeedRefund(r.id()))
        .compose(v -> blocking(() -> api.refundsCreatedSince(0, 10)))
        .onComplete(ctx.succeeding(refunds -> ctx.verify(() -> {
          assertThat(unpaid.result().kind()).isEqualTo(StripeCallException.Kind.INVALID_REQUEST);
          assertThat(part.result()).extracting(Refund::amount, Refund::status, Refund::metadata)
              .containsExactly(600L, "pending", Map.of("r", "1"));
          StripeCallException e = tooMuch.result();
          assertThat(e.kind()).isEqualTo(StripeCallException.Kind.INVALID_REQUEST);
          assertThat(e.code()).isEqualTo("amount_too_large");
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.retryable()).isFalse();
          assertThat(refunds).extracting(Refund::id).containsExactly(rest.result().id(), part.result().id());
          assertThat(receiver.ofType("charge.refunded")).hasSize(1);
          assertThat(receiver.ofType("refund.updated")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer needs an account with transfers active; it uses the charge, lists, and can be reversed in part")
  void transferAndReversal(VertxTestContext ctx) {
    Future<Account> account = blocking(() -> api.createExpressAccount("doc@clinic.test", Map.of("providerId", "d1"), "acct-d1"));
    Future<Intent> paid = account.compose(a -> paidIntent(10_000));
    Future<StripeCallException> notYet = paid.compose(i -> failing(() -> api.createTransfer(
        new NewTransfer(8500, "usd", account.result().id(), i.latestChargeId(), "group-10000", Map.of()), "tr-early")));
    Future<Transfer> transfer = notYet.compose(e -> stripe.enableAccount(account.result().id()))
        .compose(v -> blocking(() -> api.createTransfer(new NewTransfer(8500, "usd", account.result().id(),
            paid.result().latestChargeId(), "group-10000", Map.of("paymentId", "p-10000")), "tr-p1")));
    Future<Reversal> reversal = transfer.compose(t -> blocking(() -> api.reverseTransfer(t.id(), 3000, Map.of(), "rev-1")));
    reversal.compose(r -> receiver.first("transfer.reversed"))
        .compose(d -> blocking(() -> api.transfersCreatedSince(0, 10)))
        .onComplete(ctx.succeeding(transfers -> ctx.verify(() -> {
          assertThat(account.result().transfersActive()).isFalse();
          assertThat(notYet.result().code()).isEqualTo("insufficient_capabilities_for_transfer");
          assertThat(transfer.result().id()).startsWith("tr_");
          assertThat(transfer.result().destination()).isEqualTo(account.result().id());
          assertThat(reversal.result()).extracting(Reversal::transferId, Reversal::amount)
              .containsExactly(transfer.result().id(), 3000L);
          assertThat(reversal.result().id()).startsWith("trr_");
          assertThat(transfers).singleElement().extracting(Transfer::amountReversed, Transfer::transferGroup)
              .containsExactly(3000L, "group-10000");
          assertThat(stripe.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/transfers"))
              .extracting(StripeSimulator.Request::idempotencyKey).containsExactly("tr-early", "tr-p1");
          assertThat(receiver.ofType("transfer.reversed")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("an Express account starts restricted; its onboarding link leads back to our return URL and enables it")
  void accountAndOnboardingLink(VertxTestContext ctx) {
    WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    Future<Account> created = blocking(() -> api.createExpressAccount("doc@clinic.test", Map.of(), "acct-1"));
    Future<String> link = created.compose(a -> blocking(() ->
        api.onboardingLink(a.id(), "https://app.clinic.test/refresh", "https://app.clinic.test/done")));
    Future<Integer> visit = link.compose(url -> browser.getAbs(url).send()).map(response -> {
      assertThat(response.getHeader("Location")).isEqualTo("https://app.clinic.test/done");
      return response.statusCode();
    });
    // the link's page enables the account and redirects at once; its account.updated follows
    visit.compose(status -> receiver.first("account.updated"))
        .compose(updated -> blocking(() -> api.retrieveAccount(created.result().id())))
        .onComplete(ctx.succeeding(account -> ctx.verify(() -> {
          assertThat(created.result()).isEqualTo(new Account(created.result().id(), false, false, false, false));
          assertThat(stripe.requests().get(0).params().getJsonObject("capabilities").getJsonObject("transfers")
              .getString("requested")).isEqualTo("true");
          assertThat(link.result()).startsWith(stripe.apiBase());
          assertThat(visit.result()).isEqualTo(302);
          assertThat(account).isEqualTo(new Account(created.result().id(), true, true, true, true));
          assertThat(receiver.ofType("account.updated")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("during an outage a call fails as a retryable API error (after the SDK's own retries), without the key")
  void outage(VertxTestContext ctx) {
    stripe.outage(true);
    failing(() -> {
      api.ping();
      return null;
    })
        .compose(e -> {
          stripe.outage(false);
          return blocking(() -> {
            api.ping();
            return e;
          });
        })
        .onComplete(ctx.succeeding(e -> ctx.verify(() -> {
          assertThat(e.kind()).isEqualTo(StripeCallException.Kind.API);
          assertThat(e.retryable()).isTrue();
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.getMessage()).doesNotContain(KEY);
          // one call and the SDK's two network retries, then the ping that worked
          assertThat(stripe.requests()).hasSize(4).allMatch(r -> r.path().equals("/v1/balance"));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("payment_intent.succeeded reaches the webhook signed; tampered, wrongly keyed or stale deliveries are refused")
  void webhookVerified(VertxTestContext ctx) {
    paidIntent(2500).onComplete(ctx.succeeding(intent -> ctx.verify(() -> {
      WebhookReceiver.Delivery delivery = receiver.ofType("payment_intent.succeeded").get(0);
      VerifiedEvent event = StripeEvents.verify(delivery.body(), delivery.signature(), SECRET, 300);
      assertThat(event.id()).startsWith("evt_");
      assertThat(event.type()).isEqualTo("payment_intent.succeeded");
      assertThat(event.object().getString("id")).isEqualTo(intent.id());
      assertThat(event.object().getString("status")).isEqualTo("succeeded");
      assertThat(event.object().getString("latest_charge")).isEqualTo(intent.latestChargeId()).startsWith("ch_");
      String tampered = delivery.body().replace("\"amount\":2500", "\"amount\":1");
      assertThat(tampered).isNotEqualTo(delivery.body());
      assertRefused(tampered, delivery.signature(), SECRET);
      assertRefused(delivery.body(), delivery.signature(), "whsec_another");
      long stale = System.currentTimeMillis() / 1000 - 301;
      assertRefused(delivery.body(), com.stripe.net.Webhook.Signature.generateSignatureHeader(delivery.body(), SECRET, stale), SECRET);
      assertRefused("{\"object\":\"list\"}", com.stripe.net.Webhook.Signature.generateSignatureHeader("{\"object\":\"list\"}", SECRET), SECRET);
      assertRefused(delivery.body(), "t=abc,v1=00", SECRET);
      ctx.completeNow();
    })));
  }

  private static void assertRefused(String body, String signature, String secret) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StripeEvents.verify(body, signature, secret, 300))
        .isInstanceOf(StripeEvents.InvalidSignature.class);
  }
}
