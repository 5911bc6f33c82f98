package org.clinicapi.payments.ledger;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Books ledger transactions. Call it inside the database transaction of the change the money movement belongs
 * to, so both commit or neither. A transaction is booked once per (kind, reference): the same movement repeated
 * (a webhook delivered twice, a job run again) books nothing the second time. The database refuses, at commit, a
 * transaction whose lines do not sum to zero (V16); this class checks first, for a clear error.
 */
public final class Ledger {
  /** One line: debit positive, credit negative. Zero lines are left out. */
  public record Line(Account account, long amountMinor) {
    public static Line debit(Account account, long amount) {
      return new Line(account, amount);
    }

    public static Line credit(Account account, long amount) {
      return new Line(account, -amount);
    }
  }

  private static final String POST = """
      WITH t AS (
        INSERT INTO ledger_transactions (payment_id, kind, reference) VALUES ($1, $2, $3)
        ON CONFLICT (kind, reference) DO NOTHING
        RETURNING id),
      e AS (
        INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency)
        SELECT t.id, l.account, l.amount, $4 FROM t, unnest($5::text[], $6::bigint[]) AS l (account, amount))
      SELECT count(*) AS booked FROM t""";

  private Ledger() {
  }

  /**
   * Books {@code lines} as one transaction of {@code kind} for {@code reference} (a payment or refund id), in
   * {@code currency}. True when booked now, false when it had been booked before.
   */
  public static Future<Boolean> post(SqlClient sql, UUID paymentId, String kind, String reference, String currency,
      List<Line> lines) {
    Map<Account, Long> net = new TreeMap<>();
    lines.forEach(l -> net.merge(l.account(), l.amountMinor(), Long::sum));
    if (net.values().stream().mapToLong(Long::longValue).sum() != 0) {
      return Future.failedFuture(new IllegalArgumentException("unbalanced ledger transaction " + kind + ": " + net));
    }
    net.values().removeIf(amount -> amount == 0);
    String[] accounts = net.keySet().stream().map(Account::wire).toArray(String[]::new);
    Long[] amounts = net.values().toArray(Long[]::new);
    return sql.preparedQuery(POST).execute(Tuple.of(paymentId, kind, reference, currency).addArrayOfString(accounts)
            .addArrayOfLong(amounts))
        .map(rows -> rows.iterator().next().getLong("booked") > 0);
  }
}
