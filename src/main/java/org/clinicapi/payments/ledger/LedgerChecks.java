package org.clinicapi.payments.ledger;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ledger's invariants over a whole database: every ledger transaction sums to zero per currency (the database
 * refuses anything else at commit, so a failure here means rows changed behind its triggers, or a broken restore),
 * and per currency the escrow account holds exactly the held payments' money not refunded or being refunded
 * (escrow balance = −Σ (amount − refund_reserved) over payments {@code held}). {@code restore-check} runs them on a
 * restored copy; the payments tests run the same SQL after every test.
 */
public final class LedgerChecks {
  /** One row per (transaction, currency) whose lines do not sum to zero; a left join so orphaned lines show too. */
  public static final String UNBALANCED = """
      SELECT e.transaction_id, t.kind, e.currency, sum(e.amount_minor)::bigint AS net
        FROM ledger_entries e LEFT JOIN ledger_transactions t ON t.id = e.transaction_id
       GROUP BY e.transaction_id, t.kind, e.currency HAVING sum(e.amount_minor) <> 0""";
  /** One row per currency whose escrow balance is not minus the held payments' money still held. */
  public static final String ESCROW_MISMATCHES = """
      SELECT currency, sum(balance)::bigint AS escrow, sum(held)::bigint AS held FROM (
        SELECT currency, sum(amount_minor) AS balance, 0 AS held FROM ledger_entries WHERE account = 'escrow' GROUP BY currency
        UNION ALL
        SELECT currency, 0, sum(amount - refund_reserved) FROM payments WHERE status = 'held' GROUP BY currency) x
       GROUP BY currency HAVING sum(balance) <> -sum(held)""";
  /** How many unbalanced transactions a verdict names (the count covers all). */
  static final int SAMPLE = 10;
  private static final String COUNTS = "SELECT (SELECT count(*) FROM ledger_transactions) AS transactions, (SELECT count(*) FROM ("
      + UNBALANCED + ") u) AS unbalanced";
  private static final String UNBALANCED_SAMPLE = "SELECT * FROM (" + UNBALANCED + ") u ORDER BY transaction_id LIMIT " + SAMPLE;

  /** A transaction's net in one currency (kind null: its lines point at no transaction). */
  public record Unbalanced(UUID transactionId, String kind, String currency, long net) {
  }

  /** A currency's escrow balance and what the held payments say it must be ({@code -held}). */
  public record EscrowMismatch(String currency, long escrow, long held) {
  }

  /** {@code unbalanced} holds at most {@value #SAMPLE} of the {@code unbalancedCount}. */
  public record Verdict(long transactions, long unbalancedCount, List<Unbalanced> unbalanced, List<EscrowMismatch> escrow) {
    public boolean valid() {
      return unbalancedCount == 0 && escrow.isEmpty();
    }
  }

  private LedgerChecks() {
  }

  /** Three reads; on a live database run it in one repeatable-read transaction for a consistent picture. */
  public static Future<Verdict> check(SqlClient sql) {
    Future<Row> counts = sql.query(COUNTS).execute().map(rows -> rows.iterator().next());
    Future<List<Unbalanced>> unbalanced = sql.query(UNBALANCED_SAMPLE).execute().map(rows -> map(rows, LedgerChecks::unbalanced));
    Future<List<EscrowMismatch>> escrow = sql.query(ESCROW_MISMATCHES).execute().map(rows -> map(rows, LedgerChecks::escrow));
    return Future.all(counts, unbalanced, escrow).map(all -> new Verdict(counts.result().getLong("transactions"),
        counts.result().getLong("unbalanced"), unbalanced.result(), escrow.result()));
  }

  private static <T> List<T> map(Iterable<Row> rows, Function<Row, T> f) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(f.apply(r)));
    return out;
  }

  private static Unbalanced unbalanced(Row r) {
    return new Unbalanced(r.getUUID("transaction_id"), r.getString("kind"), r.getString("currency"), r.getLong("net"));
  }

  private static EscrowMismatch escrow(Row r) {
    return new EscrowMismatch(r.getString("currency"), r.getLong("escrow"), r.getLong("held"));
  }
}
