package org.clinicapi.payments.stripe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.payments.stripe.SimulatedStripe.SECRET;

@ExtendWith(VertxExtension.class)
@DisplayName("Stripe simulator events: any API version verifies, deliveries are retried, disputes, dev's auto-complete")
class StripeSimulatorEventsTest {
  private SimulatedStripe sim;

  @AfterEach
  void stop(VertxTestContext ctx) {
    (sim == null ? Future.<Void>succeededFuture() : sim.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<SimulatedStripe> start(Vertx vertx, boolean autoComplete) {
    return SimulatedStripe.start(vertx, autoComplete).map(started -> sim = started);
  }

  private static Future<Intent> createIntent(SimulatedStripe sim, long amount) {
    return sim.blocking(() -> sim.api.createIntent(new NewIntent(amount, "usd", Map.of(), null, null), "pi-" + amount));
  }

  @Test
  @DisplayName("an event of another API version verifies and keeps its data.object; signed() builds one without sending it")
  void otherApiVersion(Vertx vertx, VertxTestContext ctx) {
    start(vertx, false).onComplete(ctx.succeeding(sim -> ctx.verify(() -> {
      StripeSimulator.SignedEvent signed = sim.stripe.signed("charge.dispute.created",
          new JsonObject().put("id", "dp_1").put("object", "dispute").put("status", "needs_response"));
      String old = new JsonObject(signed.body()).put("api_version", "2019-12-03").encode();
      String oldHeader = com.stripe.net.Webhook.Signature.generateSignatureHeader(old, SECRET);
      assertThat(StripeEvents.verify(signed.body(), signed.signatureHeader(), SECRET, 300).id()).isEqualTo(signed.id());
      assertThat(StripeEvents.verify(old, oldHeader, SECRET, 300).object().getString("status")).isEqualTo("needs_response");
      assertThat(sim.receiver.deliveries()).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a delivery refused with 503 is sent again, freshly signed, until accepted")
  void deliveryRetried(Vertx vertx, VertxTestContext ctx) {
    start(vertx, false)
        .compose(sim -> {
          sim.receiver.refuseFirst(2);
          return createIntent(sim, 700).compose(i -> sim.stripe.failPayment(i.id()));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(sim.receiver.deliveries()).hasSize(3).extracting(WebhookReceiver.Delivery::type)
              .containsOnly("payment_intent.payment_failed");
          assertThat(sim.receiver.deliveries()).extracting(d -> StripeEvents.verify(d.body(), d.signature(), SECRET, 300).id())
              .containsOnly(sim.stripe.events().get(0).getString("id"));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a dispute of a paid intent is created, then closed as won or lost; an unpaid one cannot be disputed")
  void disputes(Vertx vertx, VertxTestContext ctx) {
    Future<Intent> unpaid = start(vertx, false).compose(sim -> createIntent(sim, 800));
    Future<Throwable> refused = unpaid.compose(i -> sim.stripe.dispute(i.id())
        .transform(ar -> ar.failed() ? Future.succeededFuture(ar.cause()) : Future.failedFuture("disputed unpaid")));
    refused.compose(e -> createIntent(sim, 900))
        .compose(i -> sim.stripe.succeed(i.id()).compose(v -> sim.stripe.dispute(i.id()))
            .compose(v -> sim.stripe.closeDispute(i.id(), "lost")))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(sim.receiver.ofType("charge.dispute.created")).hasSize(1);
          WebhookReceiver.Delivery closed = sim.receiver.ofType("charge.dispute.closed").get(0);
          JsonObject dispute = StripeEvents.verify(closed.body(), closed.signature(), SECRET, 300).object();
          assertThat(dispute.getString("status")).isEqualTo("lost");
          assertThat(dispute.getLong("amount")).isEqualTo(900L);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("in dev's auto-complete mode an intent pays, an account enables and a refund settles by themselves")
  void autoComplete(Vertx vertx, VertxTestContext ctx) {
    Future<Intent> intent = start(vertx, true).compose(sim -> createIntent(sim, 3000));
    Future<Account> account = intent.compose(i -> sim.blocking(() -> sim.api.createExpressAccount("d@clinic.test", Map.of(), "dev-a")));
    Future<Refund> refund = account.compose(a -> sim.receiver.first("payment_intent.succeeded"))
        .compose(d -> sim.blocking(() -> sim.api.createRefund(intent.result().id(), 1000, Map.of(), "dev-r")));
    Future.all(refund.compose(r -> sim.receiver.first("refund.updated")),
            refund.compose(r -> sim.receiver.first("charge.refunded")),
            account.compose(a -> sim.receiver.first("account.updated")))
        .compose(v -> sim.blocking(() -> sim.api.retrieveAccount(account.result().id())))
        .onComplete(ctx.succeeding(enabled -> ctx.verify(() -> {
          assertThat(enabled.transfersActive()).isTrue();
          WebhookReceiver.Delivery delivery = sim.receiver.first("refund.updated").result();
          JsonObject settled = StripeEvents.verify(delivery.body(), delivery.signature(), SECRET, 300).object();
          assertThat(settled.getString("id")).isEqualTo(refund.result().id());
          assertThat(settled.getString("status")).isEqualTo("succeeded");
          assertThat(sim.receiver.ofType("charge.refunded")).hasSize(1);
          ctx.completeNow();
        })));
  }
}
