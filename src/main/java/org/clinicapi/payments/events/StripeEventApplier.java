package org.clinicapi.payments.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.payments.core.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService;
import org.clinicapi.payments.api.PaymentsService.StripeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Applies a verified Stripe event (a webhook's, or one the reconciliation made up for what a lost webhook
 * missed) in ONE database transaction: its id goes into {@code stripe_events} together with its effect, so a
 * redelivery finds the id and does nothing, and a failure leaves neither (Stripe delivers it again). Types we
 * do not handle are recorded with no effect. Announcements (payments changed, outbox wake-up) go out after the
 * commit. Logs name event ids, types and our ids only.
 */
public final class StripeEventApplier {
  private static final Logger LOG = LoggerFactory.getLogger(StripeEventApplier.class);

  /** One event type's effect, inside the event's transaction. */
  @FunctionalInterface
  interface Effect {
    Future<Void> apply(SqlClient sql, StripeEvent e, AfterCommit after);
  }

  private final PaymentsContext c;
  private final Map<String, Effect> effects;

  public StripeEventApplier(PaymentsContext c) {
    this(c, new Mismatches(c.vertx()));
  }

  StripeEventApplier(PaymentsContext c, Mismatches mismatches) {
    this.c = c;
    RefundEvents refunds = new RefundEvents(mismatches);
    this.effects = Map.ofEntries(
        Map.entry("payment_intent.created", IntentEvents::created),
        Map.entry("payment_intent.succeeded", IntentEvents::succeeded),
        Map.entry("payment_intent.processing", IntentEvents::processing),
        Map.entry("payment_intent.payment_failed", IntentEvents::paymentFailed),
        Map.entry("payment_intent.canceled", IntentEvents::canceled),
        Map.entry("charge.refunded", refunds::chargeRefunded),
        Map.entry("refund.created", refunds::refund),
        Map.entry("refund.updated", refunds::refund),
        Map.entry("charge.refund.updated", refunds::refund),
        Map.entry("charge.dispute.created", DisputeEvents::created),
        Map.entry("charge.dispute.closed", DisputeEvents::closed),
        Map.entry("account.updated", ConnectEvents::account),
        Map.entry("transfer.reversed", ConnectEvents::transferReversed));
  }

  public Future<Void> apply(PaymentsService.StripeEvent in) {
    return applyOnce(in).mapEmpty();
  }

  /** True when the event was new and took effect now; false when it had been applied before. */
  Future<Boolean> applyOnce(StripeEvent in) {
    AfterCommit after = new AfterCommit();
    Effect effect = effects.getOrDefault(in.type(), (sql, e, a) -> Future.succeededFuture());
    return c.pool().withTransaction(sql -> PaymentRows.record(sql, in.id(), in.type())
            .compose(fresh -> fresh ? effect.apply(sql, in, after).map(true) : duplicate(in)))
        .onSuccess(fresh -> after.publish(c))
        .onFailure(e -> LOG.warn("Stripe event {} ({}) not applied: {}", in.id(), in.type(), e.toString()));
  }

  private static Future<Boolean> duplicate(StripeEvent in) {
    LOG.debug("Stripe event {} ({}) applied before: nothing to do", in.id(), in.type());
    return Future.succeededFuture(false);
  }
}
