package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.clinicapi.common.redis.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A claim this request holds: its lease is renewed on a timer of the request's event loop (a third of the
 * lease, so one late or lost renewal does not lose it) until the answer is settled, the response ends
 * without one, or {@code maxHoldMs} passes (a request that never settles must not hold its key forever).
 * Then the timer stops, and an unsettled claim frees within one lease. Confined to the request's context.
 */
final class IdempotencyClaim {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyClaim.class);

  private final Vertx vertx;
  private final IdempotencyStore store;
  private final String scope;
  private final String key;
  private final String token;
  private final String label;
  private final long heldUntilNanos;
  private long timerId = -1;
  private boolean renewing;

  private IdempotencyClaim(Vertx vertx, IdempotencyStore store, String scope, String key, String token, String label,
      long maxHoldMs) {
    this.vertx = vertx;
    this.store = store;
    this.scope = scope;
    this.key = key;
    this.token = token;
    this.label = label;
    this.heldUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxHoldMs);
  }

  /** Starts renewing the claim holding {@code token}; call on the request's context. {@code label} names it in logs. */
  static IdempotencyClaim hold(Vertx vertx, IdempotencyStore store, String scope, String key, String token, String label,
      long maxHoldMs) {
    IdempotencyClaim claim = new IdempotencyClaim(vertx, store, scope, key, token, label, maxHoldMs);
    claim.timerId = vertx.setPeriodic(Math.max(10, store.leaseMs() / 3), id -> claim.renew());
    return claim;
  }

  /** Stores the answer, or releases the claim for a 5xx so a retry runs again; renewal ends first. */
  Future<Void> settle(int status, Buffer body) {
    stop();
    Future<Boolean> done = status >= 500
        ? store.release(scope, key, token)
        : store.complete(scope, key, token, status, body);
    return done.mapEmpty();
  }

  /** Stops renewing; the claim, unless settled, frees within one lease. Idempotent. */
  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void renew() {
    if (System.nanoTime() - heldUntilNanos > 0) {
      LOG.warn("idempotency claim of {} still unsettled after its longest hold; no longer renewed", label);
      stop();
      return;
    }
    if (renewing) {
      return;
    }
    renewing = true;
    store.renew(scope, key, token)
        .onComplete(done -> renewing = false)
        .onSuccess(this::lostUnlessHeld)
        .onFailure(e -> LOG.debug("idempotency claim of {} not renewed this time: {}", label, e.toString()));
  }

  private void lostUnlessHeld(boolean held) {
    if (!held && timerId >= 0) {
      // Its lease ran out (Redis stalled longer than a lease) and maybe a retry holds the key now: this
      // request's answer will not be stored, and complete/release will leave the key to the new holder.
      LOG.warn("idempotency claim of {} lost before its request settled; its answer will not be replayed", label);
      stop();
    }
  }
}
