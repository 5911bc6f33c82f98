package org.clinicapi.payments;

import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.escrow.RefundJob;
import org.clinicapi.payments.escrow.ReleaseJob;
import org.clinicapi.payments.events.ReconciliationJob;

/**
 * The periodic money jobs of this process, every JOBS_INTERVAL_SECONDS and early when a payment changes. Each is
 * safe when several processes run it at once (leases and SKIP LOCKED, idempotency keys at Stripe, ledger
 * transactions booked once, an advisory lock for reconciliation) and leaves its work for a later run while
 * Stripe's breaker is open.
 */
final class PaymentJobs {
  private PaymentJobs() {
  }

  static void start(PaymentsContext c) {
    ReleaseJob.start(c);
    RefundJob.start(c);
    ReconciliationJob.start(c);
  }
}
