package org.clinicapi.payments.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.clinicapi.metrics.Metrics;

import java.util.List;

/**
 * {@code clinic_payments_reconciliation_mismatches_total{kind}}: differences between Stripe and our records that a
 * webhook should have prevented (a lost or refused event, a refund made at Stripe we learnt late). Each is
 * logged by its finder with ids only.
 */
final class Mismatches {
  static final String NAME = "clinic_payments_reconciliation_mismatches";
  /** Registered at 0, so a dashboard sees the series before the first mismatch. */
  private static final List<String> KINDS = List.of("intent_unattached", "intent_succeeded", "intent_processing",
      "intent_canceled", "refund_missing", "refund_status", "refund_unknown", "transfer_reversed", "transfer_unrecorded");

  private final MeterRegistry registry;

  Mismatches(Vertx vertx) {
    this.registry = Metrics.registry(vertx);
    KINDS.forEach(kind -> counter(kind));
  }

  void count(String kind) {
    Counter counter = counter(kind);
    if (counter != null) {
      counter.increment();
    }
  }

  private Counter counter(String kind) {
    return registry == null ? null : Counter.builder(NAME).tag("kind", kind)
        .description("Differences between Stripe and our payments found and repaired (or reported) by the reconciliation")
        .register(registry);
  }
}
