package org.clinicapi.payments.ledger;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.UUID;

import static org.clinicapi.payments.ledger.Account.DISPUTES;
import static org.clinicapi.payments.ledger.Account.ESCROW;
import static org.clinicapi.payments.ledger.Account.PLATFORM_REVENUE;
import static org.clinicapi.payments.ledger.Account.PROVIDER_PAYABLE;
import static org.clinicapi.payments.ledger.Account.REFUNDS;
import static org.clinicapi.payments.ledger.Account.STRIPE_BALANCE;
import static org.clinicapi.payments.ledger.Ledger.Line.credit;
import static org.clinicapi.payments.ledger.Ledger.Line.debit;

/**
 * Every money movement of a payment, as ledger transactions: the one place that says which accounts each
 * movement touches. Each is keyed by the payment or refund it belongs to, so it is booked once. The escrow
 * account's balance is always minus the sum of (amount − refunds not failed) over held payments.
 */
public final class Bookings {
  private Bookings() {
  }

  /** The charge succeeded: the money is on our Stripe balance and owed to the patient until release. */
  public static Future<Boolean> held(SqlClient sql, UUID payment, String currency, long amount) {
    return Ledger.post(sql, payment, "payment_held", payment.toString(), currency,
        List.of(debit(STRIPE_BALANCE, amount), credit(ESCROW, amount)));
  }

  /**
   * Released: {@code base} (amount − refunds) leaves escrow; the fee stays as revenue, the provider's share leaves
   * our balance as the transfer.
   */
  public static Future<Boolean> released(SqlClient sql, UUID payment, String currency, long base, long fee) {
    return Ledger.post(sql, payment, "released", payment.toString(), currency,
        List.of(debit(ESCROW, base), credit(PLATFORM_REVENUE, fee), credit(STRIPE_BALANCE, base - fee)));
  }

  /**
   * A refund was decided (reserved). Before release it comes out of escrow. After release the fee share
   * ({@code amount − providerPart}) comes back out of revenue and the provider's part is claimed back from them
   * (settled by {@link #transferReversed}).
   */
  public static Future<Boolean> refundRequested(SqlClient sql, UUID payment, UUID refund, String currency, long amount,
      boolean released, long providerPart) {
    return Ledger.post(sql, payment, "refund_requested", refund.toString(), currency, requested(amount, released, providerPart));
  }

  /** Stripe paid the refund out of our balance. */
  public static Future<Boolean> refundSucceeded(SqlClient sql, UUID payment, UUID refund, String currency, long amount) {
    return Ledger.post(sql, payment, "refund_succeeded", refund.toString(), currency,
        List.of(debit(REFUNDS, amount), credit(STRIPE_BALANCE, amount)));
  }

  /** Stripe could not refund: the reservation is undone, exactly as {@link #refundRequested} booked it. */
  public static Future<Boolean> refundFailed(SqlClient sql, UUID payment, UUID refund, String currency, long amount,
      boolean released, long providerPart) {
    List<Ledger.Line> undo = requested(amount, released, providerPart).stream()
        .map(l -> new Ledger.Line(l.account(), -l.amountMinor())).toList();
    return Ledger.post(sql, payment, "refund_failed", refund.toString(), currency, undo);
  }

  /** The provider's part of a refund came back from their transfer to our balance. */
  public static Future<Boolean> transferReversed(SqlClient sql, UUID payment, UUID refund, String currency, long amount) {
    return Ledger.post(sql, payment, "transfer_reversed", refund.toString(), currency,
        List.of(debit(STRIPE_BALANCE, amount), credit(PROVIDER_PAYABLE, amount)));
  }

  private static List<Ledger.Line> requested(long amount, boolean released, long providerPart) {
    return released
        ? List.of(debit(PLATFORM_REVENUE, amount - providerPart), debit(PROVIDER_PAYABLE, providerPart), credit(REFUNDS, amount))
        : List.of(debit(ESCROW, amount), credit(REFUNDS, amount));
  }

  /**
   * A dispute was lost: {@code amount} left our balance for good. A held payment's escrow covers it; after
   * release the platform bears it (the provider keeps their transfer; recovering it is a manual decision).
   */
  public static Future<Boolean> disputeLost(SqlClient sql, UUID payment, String currency, long amount, boolean held) {
    return Ledger.post(sql, payment, "dispute_lost", payment.toString(), currency,
        List.of(debit(held ? ESCROW : DISPUTES, amount), credit(STRIPE_BALANCE, amount)));
  }
}
