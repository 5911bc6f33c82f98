package org.clinicapi.payments;

import io.vertx.core.json.JsonObject;
import org.clinicapi.payments.stripe.StripeGateway;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Whether Stripe answered the last reachability ping, for /health. Health rounds run every few seconds on every
 * node; Stripe is asked at most once per {@link #INTERVAL_MS} per process (the cheapest authenticated call, through
 * the breaker): a health round reads the cached answer and, when it is stale, starts the next ping without
 * waiting for it. Runs on the payments verticle's event loop only.
 */
final class StripeProbe {
  static final long INTERVAL_MS = 60_000;

  private final StripeGateway gateway;
  private long startedAtNanos;
  private boolean started;
  private boolean running;
  private Boolean reachable;
  private Instant checkedAt;

  StripeProbe(StripeGateway gateway) {
    this.gateway = gateway;
  }

  /** {@code reachable} and {@code checkedAt} once a ping has answered (absent before the first one). */
  JsonObject status() {
    refreshIfDue();
    JsonObject data = new JsonObject();
    if (reachable != null) {
      data.put("reachable", reachable).put("checkedAt", checkedAt.toString());
    }
    return data;
  }

  /** At most one ping in flight, and none within a minute of the last one's start, however many rounds ask. */
  void refreshIfDue() {
    long now = System.nanoTime();
    if (running || (started && now - startedAtNanos < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS))) {
      return;
    }
    started = true;
    running = true;
    startedAtNanos = now;
    gateway.call(api -> {
      api.ping();
      return true;
    }).otherwise(false).onComplete(ar -> record(ar.succeeded() && ar.result()));
  }

  private void record(boolean answered) {
    running = false;
    reachable = answered;
    checkedAt = Instant.now();
  }
}
