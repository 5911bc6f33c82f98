package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.ledger.Bookings;
import org.clinicapi.payments.stripe.NewTransfer;
import org.clinicapi.payments.stripe.StripeCallException;
import org.clinicapi.payments.stripe.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases due held payments: one Transfer of the provider's share (amount − refunds − fee; the fee rounds down)
 * with {@code source_transaction} = the charge and the idempotency key {@code payment:<id>:release}, then, in one
 * transaction conditional on the payment still being held, status released and the ledger booking. Jobs in any
 * number of processes make one transfer per payment: the claim (SKIP LOCKED + lease) keeps a second job off it, and
 * should a lease run out mid-call, the second job's request is Stripe's replay of the first (same key) and only one
 * of them records it. Blocked payments say why (release_blocked_reason) and stay held.
 */
public final class ReleaseJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseJob.class);
  static final int BATCH = 50;
  /** Stripe refused the transfer (an account that cannot receive it yet, a charge not yet available): look later. */
  static final int REFUSED_RETRY_SECONDS = 3600;
  static final String REFUSED = "transfer_refused";
  static final List<String> WAKE_ON = List.of(Addresses.PAYMENTS_CHANGED, Addresses.APPOINTMENTS_STATUS_CHANGED,
      Addresses.CONSULTATIONS_COMPLETED);
  private final PaymentsContext c;

  public ReleaseJob(PaymentsContext c) {
    this.c = c;
  }

  public static void start(PaymentsContext c) {
    ReleaseJob job = new ReleaseJob(c);
    JobLoop.start(c.vertx(), "release job", c.config().jobsIntervalSeconds(), WAKE_ON, job::run);
  }

  /** One run: how many payments it released. */
  public Future<Integer> run() {
    if (c.stripe().open()) {
      return Future.succeededFuture(0);
    }
    int hold = c.config().escrowHoldHours();
    UUID token = UUID.randomUUID();
    return ReleaseRepository.markBlocked(c.pool(), hold)
        .compose(marked -> ReleaseRepository.claim(c.pool(), hold, BATCH, token, RefundFlow.leaseSeconds(c)))
        .compose(claimed -> {
          Future<Integer> chain = Future.succeededFuture(0);
          for (ReleaseRepository.Claimed p : claimed) {
            chain = chain.compose(n -> release(p, token).map(done -> done ? n + 1 : n));
          }
          return chain;
        });
  }

  private Future<Boolean> release(ReleaseRepository.Claimed p, UUID token) {
    return transfer(p)
        .compose(transferId -> c.pool().withTransaction(sql -> ReleaseRepository.released(sql, p, transferId)
            .compose(done -> done ? Bookings.released(sql, p.id(), p.currency(), p.base(), p.fee()).map(true)
                : Future.succeededFuture(false))))
        .compose(done -> {
          if (done) {
            c.changed(p.id());
            return Future.succeededFuture(true);
          }
          LOG.info("payment {} was not released by this job: released by another, or its refunds changed", p.id());
          return ReleaseRepository.notNow(c.pool(), p.id(), null, c.config().jobsIntervalSeconds(), token).map(false);
        })
        .recover(e -> notNow(p, token, e));
  }

  /** The transfer's id; null when there is nothing to transfer (a fee of 100 %). */
  private Future<String> transfer(ReleaseRepository.Claimed p) {
    if (p.share() == 0) {
      return Future.succeededFuture(null);
    }
    NewTransfer transfer = new NewTransfer(p.share(), p.currency(), p.destination(), p.chargeId(),
        "appointment_" + p.appointmentId(), Map.of("paymentId", p.id().toString()));
    return c.stripe().<Transfer>call(api -> api.createTransfer(transfer, "payment:" + p.id() + ":release")).map(Transfer::id);
  }

  private Future<Boolean> notNow(ReleaseRepository.Claimed p, UUID token, Throwable e) {
    boolean refused = e instanceof StripeCallException x && !x.retryable();
    LOG.info("release of payment {} deferred: {}", p.id(), e instanceof StripeCallException x
        ? x.kind() + "/" + x.code() : e.getClass().getSimpleName());
    int seconds = refused ? REFUSED_RETRY_SECONDS : c.config().jobsIntervalSeconds();
    return ReleaseRepository.notNow(c.pool(), p.id(), refused ? REFUSED : null, seconds, token)
        .map(false).recover(x -> Future.succeededFuture(false));
  }
}
