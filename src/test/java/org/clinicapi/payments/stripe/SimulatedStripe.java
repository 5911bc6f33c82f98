package org.clinicapi.payments.stripe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinicapi.payments.simulator.StripeSimulator;

import java.time.Duration;
import java.util.concurrent.Callable;

/** A simulator delivering to a local webhook receiver, and a StripeApi pointed at it (made on a worker). */
final class SimulatedStripe {
  static final String KEY = "sk_test_simulator";
  static final String SECRET = "whsec_test_simulator";

  final Vertx vertx;
  final StripeSimulator stripe;
  final WebhookReceiver receiver;
  final StripeApi api;

  private SimulatedStripe(Vertx vertx, StripeSimulator stripe, WebhookReceiver receiver, StripeApi api) {
    this.vertx = vertx;
    this.stripe = stripe;
    this.receiver = receiver;
    this.api = api;
  }

  /** {@code autoComplete}: dev mode, where payments, onboarding and refunds complete after a short delay. */
  static Future<SimulatedStripe> start(Vertx vertx, boolean autoComplete) {
    return WebhookReceiver.start(vertx).compose(receiver -> StripeSimulator.start(vertx,
            new StripeSimulator.Options(receiver.url(), SECRET, autoComplete, 20))
        .compose(stripe -> vertx.executeBlocking(() -> StripeApi.create(KEY, stripe.apiBase(), Duration.ofSeconds(5)), false)
            .map(api -> new SimulatedStripe(vertx, stripe, receiver, api))));
  }

  /** The SDK blocks: every call goes to a worker thread. */
  <T> Future<T> blocking(Callable<T> call) {
    return vertx.executeBlocking(call, false);
  }

  Future<Void> close() {
    return stripe.close();
  }
}
