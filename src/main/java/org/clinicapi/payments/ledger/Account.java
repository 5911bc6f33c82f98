package org.clinicapi.payments.ledger;

/**
 * The ledger's accounts (the {@code account} column). Debits are positive: an asset's balance is positive,
 * a liability's or revenue's negative.
 */
public enum Account {
  /** Asset: the platform's balance at Stripe (charges in, refunds and transfers out). */
  STRIPE_BALANCE,
  /** Liability: patients' money held until release (the sum of held payments). */
  ESCROW,
  /** Owed to providers, or (debit) claimed back from them by a transfer reversal not yet settled. */
  PROVIDER_PAYABLE,
  /** Revenue: the platform fees of released payments. */
  PLATFORM_REVENUE,
  /** Liability: refunds asked for and not yet settled at Stripe. */
  REFUNDS,
  /** Expense: money lost to disputes. */
  DISPUTES,
  /** Expense: Stripe's processing fees, when known. */
  STRIPE_FEES;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
