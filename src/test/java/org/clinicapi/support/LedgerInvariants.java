package org.clinicapi.support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold after every payments test, over the whole run's database: every ledger transaction sums to zero
 * per currency (the database refuses anything else at commit; this proves it), and, per currency, the escrow
 * account holds exactly the held payments' money not refunded or being refunded.
 */
public final class LedgerInvariants {
  private static final String UNBALANCED = """
      SELECT count(*) FROM (SELECT transaction_id, currency FROM ledger_entries
                             GROUP BY transaction_id, currency HAVING sum(amount_minor) <> 0) t""";
  private static final String ESCROW_MISMATCHES = """
      SELECT count(*) FROM (
        SELECT currency, sum(balance) AS escrow, sum(held) AS held FROM (
          SELECT currency, sum(amount_minor) AS balance, 0 AS held FROM ledger_entries WHERE account = 'escrow' GROUP BY currency
          UNION ALL
          SELECT currency, 0, sum(amount - refund_reserved) FROM payments WHERE status = 'held' GROUP BY currency) x
        GROUP BY currency HAVING sum(balance) <> -sum(held)) m""";

  private LedgerInvariants() {
  }

  public static void check() {
    checkIn(TestEnvironment.databaseUrl());
  }

  /** The same over the database at {@code url} (a {@link FreshDatabase}'s). */
  public static void checkIn(String url) {
    assertThat(Accounts.countIn(url, UNBALANCED)).as("unbalanced ledger transactions").isZero();
    assertThat(Accounts.countIn(url, ESCROW_MISMATCHES)).as("currencies whose escrow balance differs from the held payments").isZero();
  }
}
