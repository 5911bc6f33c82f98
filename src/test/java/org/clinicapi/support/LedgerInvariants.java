package org.clinicapi.support;

import org.clinicapi.payments.ledger.LedgerChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold after every payments test, over the whole run's database: every ledger transaction sums to zero
 * per currency (the database refuses anything else at commit; this proves it), and, per currency, the escrow
 * account holds exactly the held payments' money not refunded or being refunded. The SQL is production's
 * ({@link LedgerChecks}, which {@code restore-check} runs on a restored copy).
 */
public final class LedgerInvariants {
  private LedgerInvariants() {
  }

  public static void check() {
    checkIn(TestEnvironment.databaseUrl());
  }

  /** The same over the database at {@code url} (a {@link FreshDatabase}'s). */
  public static void checkIn(String url) {
    assertThat(Accounts.countIn(url, "SELECT count(*) FROM (" + LedgerChecks.UNBALANCED + ") u")).as("unbalanced ledger transactions").isZero();
    assertThat(Accounts.countIn(url, "SELECT count(*) FROM (" + LedgerChecks.ESCROW_MISMATCHES + ") m"))
        .as("currencies whose escrow balance differs from the held payments").isZero();
  }
}
