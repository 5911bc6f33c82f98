package org.clinicapi.payments.stripe;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Stripe simulator errors: Stripe's statuses and error documents, as the SDK classifies them")
class StripeSimulatorErrorsTest {
  private SimulatedStripe sim;

  @AfterEach
  void stop(VertxTestContext ctx) {
    (sim == null ? Future.<Void>succeededFuture() : sim.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<StripeCallException> failing(Callable<?> call) {
    return sim.blocking(call).transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("expected a StripeCallException, got " + ar.result()))
        : ar.cause() instanceof StripeCallException e ? Future.succeededFuture(e) : Future.failedFuture(ar.cause()));
  }

  @Test
  @DisplayName("an unknown id is 404 resource_missing; rate limiting is 429 and retryable; no key is 401")
  void classified(Vertx vertx, VertxTestContext ctx) {
    Future<StripeCallException> missing = SimulatedStripe.start(vertx, false).map(started -> sim = started)
        .compose(s -> failing(() -> s.api.retrieveIntent("pi_unknown")));
    Future<StripeCallException> limited = missing.compose(e -> {
      sim.stripe.rateLimited(true);
      return failing(() -> sim.api.retrieveAccount("acct_x"));
    });
    Future<StripeCallException> noKey = limited.compose(e -> {
      sim.stripe.rateLimited(false);
      return failing(() -> StripeApi.create("not_a_key", sim.stripe.apiBase(), java.time.Duration.ofSeconds(5)).retrieveIntent("pi_x"));
    });
    noKey.onComplete(ctx.succeeding(unauthorised -> ctx.verify(() -> {
      assertThat(missing.result()).extracting(StripeCallException::kind, StripeCallException::httpStatus, StripeCallException::code)
          .containsExactly(StripeCallException.Kind.INVALID_REQUEST, 404, "resource_missing");
      assertThat(limited.result()).extracting(StripeCallException::kind, StripeCallException::httpStatus)
          .containsExactly(StripeCallException.Kind.RATE_LIMIT, 429);
      assertThat(limited.result().retryable()).isTrue();
      assertThat(unauthorised.kind()).isEqualTo(StripeCallException.Kind.AUTHENTICATION);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("confirming with the declining test card is 402 card_declined and tells the webhook payment_failed")
  void declinedCard(Vertx vertx, VertxTestContext ctx) {
    WebClient client = WebClient.create(vertx);
    Future<HttpResponse<Buffer>> confirm = SimulatedStripe.start(vertx, false).map(started -> sim = started)
        .compose(s -> s.blocking(() -> s.api.createIntent(new NewIntent(1500, "usd", Map.of(), null, null), "c-1")))
        .compose(intent -> client.postAbs(sim.stripe.apiBase() + "/v1/payment_intents/" + intent.id() + "/confirm")
            .bearerTokenAuthentication(SimulatedStripe.KEY)
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("payment_method", "pm_card_chargeDeclined")));
    confirm.compose(response -> sim.receiver.first("payment_intent.payment_failed"))
        .onComplete(ctx.succeeding(failed -> ctx.verify(() -> {
          assertThat(confirm.result().statusCode()).isEqualTo(402);
          JsonObject error = confirm.result().bodyAsJsonObject().getJsonObject("error");
          assertThat(error.getString("type")).isEqualTo("card_error");
          assertThat(error.getString("code")).isEqualTo("card_declined");
          ctx.completeNow();
        })));
  }
}
