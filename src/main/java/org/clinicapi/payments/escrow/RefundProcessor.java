package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.RetrySchedule;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService.RefundView;
import org.clinicapi.payments.stripe.Refund;
import org.clinicapi.payments.stripe.Reversal;
import org.clinicapi.payments.stripe.StripeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes one pending refund as far as Stripe lets it now, for the refund flow and the refund job: after release
 * first the transfer reversal (the provider's part, key {@code refund:<id>:reversal}), then the refund itself (key
 * {@code refund:<id>}); each answer is recorded in its own transaction before the next call. Stripe refusing
 * (not retryable) fails the refund with Stripe's code; Stripe unreachable, rate limiting, or still pending leaves
 * it pending for a later run (attempts + 1, backed off). It never fails: the caller gets the refund as it stands.
 */
public final class RefundProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(RefundProcessor.class);
  private static final int MAX_CODE = 64;
  private final PaymentsContext c;
  private final RetrySchedule retries;

  public RefundProcessor(PaymentsContext c) {
    this.c = c;
    // Next job run first, then doubling up to an hour; a reserved refund is never given up.
    this.retries = new RetrySchedule(Duration.ofSeconds(c.config().jobsIntervalSeconds()), Duration.ofDays(3650));
  }

  /** The refund after this attempt; a failure to even read it is the only failure (the database). */
  public Future<RefundView> process(UUID refundId) {
    return RefundRepository.state(c.pool(), refundId)
        .compose(s -> s == null || !"pending".equals(s.status()) ? Future.succeededFuture()
            : reverse(s).compose(this::refund).recover(e -> later(s, null, e)))
        .compose(v -> RefundRepository.view(c.pool(), refundId));
  }

  /** The provider's part back from the transfer, once (a recorded reversal id is not asked for again). */
  private Future<RefundRepository.State> reverse(RefundRepository.State s) {
    if (s.reversalAmount() == 0 || s.reversalId() != null || s.transferId() == null) {
      return Future.succeededFuture(s);
    }
    return c.stripe().<Reversal>call(api -> api.reverseTransfer(s.transferId(), s.reversalAmount(), metadata(s),
            "refund:" + s.id() + ":reversal"))
        .compose(r -> c.pool().withTransaction(sql -> RefundSettlement.reversed(sql, s.id(), r.id())))
        .map(s);
  }

  private Future<Void> refund(RefundRepository.State s) {
    return c.stripe().<Refund>call(api -> api.createRefund(s.paymentIntentId(), s.amount(), metadata(s), "refund:" + s.id()))
        .compose(r -> switch (r.status()) {
          case "succeeded" -> settle(s, true, r.id(), null);
          case "failed", "canceled" -> settle(s, false, r.id(), r.status());
          default -> later(s, r.id(), null);
        });
  }

  private Future<Void> settle(RefundRepository.State s, boolean succeeded, String stripeId, String code) {
    return c.pool().withTransaction(sql -> succeeded ? RefundSettlement.succeeded(sql, s.id(), stripeId)
            : RefundSettlement.failed(sql, s.id(), stripeId, code))
        .onSuccess(changed -> {
          if (!changed) {
            return;
          }
          if (succeeded) {
            c.vertx().eventBus().publish(Addresses.COMMUNICATIONS_WAKE, null);
          } else if (s.reversalAmount() > 0) {
            // The provider's part may have come back already: the ledger now owes it to them (provider_payable).
            LOG.warn("refund {} of payment {} failed at Stripe ({}); its transfer reversal, if made, is owed back to the provider",
                s.id(), s.paymentId(), code);
          }
          c.changed(s.paymentId());
        })
        .mapEmpty();
  }

  /**
   * Stripe refused ({@code e} not retryable): the refund fails with its code. Anything else (Stripe unreachable,
   * its own errors, rate limits, our key, an idempotency mismatch, the database, or a refund Stripe still works on):
   * pending, tried again later.
   */
  private Future<Void> later(RefundRepository.State s, String stripeId, Throwable e) {
    if (e instanceof StripeCallException x && refused(x)) {
      String code = x.code() == null ? x.kind().name().toLowerCase() : x.code();
      return settle(s, false, stripeId, code.length() > MAX_CODE ? code.substring(0, MAX_CODE) : code);
    }
    if (e != null) {
      LOG.info("refund {} stays pending, retried later: {}", s.id(), e instanceof StripeCallException x
          ? x.kind() + "/" + x.code() : e.getClass().getSimpleName());
    }
    Instant next = retries.next(Instant.now(), s.attempts(), ThreadLocalRandom.current().nextDouble());
    return RefundRepository.retryLater(c.pool(), s.id(), next, stripeId).recover(x -> Future.succeededFuture());
  }

  private static boolean refused(StripeCallException e) {
    return switch (e.kind()) {
      case CARD, INVALID_REQUEST -> true;
      default -> false;
    };
  }

  /** Ordered, so a repeat sends the very same parameters under the same idempotency key. */
  private static Map<String, String> metadata(RefundRepository.State s) {
    Map<String, String> m = new TreeMap<>();
    m.put("paymentId", s.paymentId().toString());
    m.put("refundId", s.id().toString());
    return m;
  }
}
