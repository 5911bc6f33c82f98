package org.clinicapi.payments;

import org.clinicapi.payments.core.IntentFlow;
import org.clinicapi.payments.core.PaymentReads;
import org.clinicapi.payments.core.PaymentsContext;
import io.vertx.core.Future;
import org.clinicapi.payments.api.Payment;
import org.clinicapi.payments.api.PaymentsService;
import org.clinicapi.payments.escrow.RefundFlow;
import org.clinicapi.payments.events.StripeEventApplier;
import org.clinicapi.payments.payouts.PayoutAccounts;


/** {@code payments.service}: each operation is one part's, named for what it does. */
final class PaymentsServiceImpl implements PaymentsService {
  private final IntentFlow intents;
  private final PaymentReads reads;
  private final RefundFlow refunds;
  private final PayoutAccounts payouts;
  private final StripeEventApplier events;

  PaymentsServiceImpl(PaymentsContext c) {
    this.intents = new IntentFlow(c.pool(), c.stripe(), c.config().platformFeeBps());
    this.reads = new PaymentReads(c.pool());
    this.refunds = new RefundFlow(c);
    this.payouts = new PayoutAccounts(c);
    this.events = new StripeEventApplier(c);
  }

  @Override
  public Future<IntentResult> createIntent(IntentRequest in) {
    return intents.create(in);
  }

  @Override
  public Future<Payment> get(PaymentRead in) {
    return reads.get(in);
  }

  @Override
  public Future<Page> list(PaymentQuery in) {
    return reads.list(in);
  }

  @Override
  public Future<RefundView> refund(RefundRequest in) {
    return refunds.refund(in);
  }

  @Override
  public Future<LedgerLines> ledger(LedgerRead in) {
    return reads.ledger(in);
  }

  @Override
  public Future<Balances> balances(String currency) {
    return reads.balances(currency);
  }

  @Override
  public Future<PayoutLink> payoutAccount(PayoutRequest in) {
    return payouts.link(in);
  }

  @Override
  public Future<Void> applyEvent(StripeEvent in) {
    return events.apply(in);
  }
}
