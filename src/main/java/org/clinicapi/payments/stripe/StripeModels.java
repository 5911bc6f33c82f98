package org.clinicapi.payments.stripe;

import java.util.Map;

/** Maps stripe-java's mutable, nullable models to our small records. */
final class StripeModels {
  private StripeModels() {
  }

  static Intent intent(com.stripe.model.PaymentIntent pi) {
    return new Intent(pi.getId(), pi.getClientSecret(), orZero(pi.getAmount()), pi.getCurrency(), pi.getStatus(),
        pi.getLatestCharge(), metadata(pi.getMetadata()), orZero(pi.getCreated()));
  }

  static Refund refund(com.stripe.model.Refund r) {
    return new Refund(r.getId(), r.getPaymentIntent(), orZero(r.getAmount()), r.getCurrency(), r.getStatus(),
        metadata(r.getMetadata()), orZero(r.getCreated()));
  }

  static Transfer transfer(com.stripe.model.Transfer t) {
    return new Transfer(t.getId(), orZero(t.getAmount()), t.getCurrency(), t.getDestination(),
        orZero(t.getAmountReversed()), t.getTransferGroup(), metadata(t.getMetadata()), orZero(t.getCreated()));
  }

  static Reversal reversal(com.stripe.model.TransferReversal r) {
    return new Reversal(r.getId(), r.getTransfer(), orZero(r.getAmount()));
  }

  static Account account(com.stripe.model.Account a) {
    boolean transfers = a.getCapabilities() != null && "active".equals(a.getCapabilities().getTransfers());
    return new Account(a.getId(), isTrue(a.getChargesEnabled()), isTrue(a.getPayoutsEnabled()), transfers,
        isTrue(a.getDetailsSubmitted()));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  private static Map<String, String> metadata(Map<String, String> metadata) {
    return metadata == null ? Map.of() : metadata;
  }
}
