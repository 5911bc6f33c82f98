package org.clinicapi.payments;

/**
 * The periodic money jobs of this process, every JOBS_INTERVAL_SECONDS and early when a payment changes. Each is
 * safe when several processes run it at once (leases and SKIP LOCKED, idempotency keys at Stripe, ledger
 * transactions booked once) and leaves its work for a later run while Stripe's breaker is open.
 */
final class PaymentJobs {
  private PaymentJobs() {
  }

  static void start(PaymentsContext c) {
    // Release, refunds and reconciliation register here as they land (issue 13).
    org.clinicapi.payments.escrow.ReleaseJob.start(c);
    org.clinicapi.payments.escrow.RefundJob.start(c);
  }
}
