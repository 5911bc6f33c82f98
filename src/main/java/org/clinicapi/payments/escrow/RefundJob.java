package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import org.clinicapi.bus.Addresses;
import org.clinicapi.payments.core.PaymentsContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every JOBS_INTERVAL_SECONDS, and when a payment or an appointment changes: the cancellation policy (policy
 * refunds, intents of unpaid cancelled appointments), then every due pending refund through {@link RefundProcessor}.
 * Refunds are claimed with SKIP LOCKED and a lease (claim_token, lease_until), so processes running it at once
 * take different refunds, and one whose process died is taken again after the lease. Nothing runs while Stripe's
 * breaker is open: the work waits in the database.
 */
public final class RefundJob {
  static final int BATCH = 50;
  static final List<String> WAKE_ON = List.of(Addresses.PAYMENTS_CHANGED, Addresses.APPOINTMENTS_CANCELLED,
      Addresses.APPOINTMENTS_STATUS_CHANGED);
  private final PaymentsContext c;
  private final CancellationPolicy policy;
  private final RefundProcessor processor;

  public RefundJob(PaymentsContext c) {
    this.c = c;
    this.policy = new CancellationPolicy(c);
    this.processor = new RefundProcessor(c);
  }

  /** Registers the job on the caller's event loop (the payments verticle). */
  public static void start(PaymentsContext c) {
    RefundJob job = new RefundJob(c);
    JobLoop.start(c.vertx(), "refund job", c.config().jobsIntervalSeconds(), WAKE_ON, job::run);
  }

  /** One run: how many refunds it took to Stripe. */
  public Future<Integer> run() {
    if (c.stripe().open()) {
      return Future.succeededFuture(0);
    }
    return policy.refunds()
        .compose(made -> policy.cancelUnpaid())
        .compose(cancelled -> due());
  }

  private Future<Integer> due() {
    UUID token = UUID.randomUUID();
    return RefundRepository.claim(c.pool(), token, RefundFlow.leaseSeconds(c), BATCH).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      for (Row r : rows) {
        ids.add(r.getUUID("id"));
      }
      // One at a time: a batch never floods Stripe, and an open breaker stops the rest (they stay pending).
      Future<Void> chain = Future.succeededFuture();
      for (UUID id : ids) {
        chain = chain.compose(v -> processor.process(id)).mapEmpty();
      }
      return chain.map(ids.size());
    });
  }
}
