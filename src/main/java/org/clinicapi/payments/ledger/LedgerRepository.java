package org.clinicapi.payments.ledger;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.payments.api.PaymentsService.Balance;
import org.clinicapi.payments.api.PaymentsService.LedgerLine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads of the ledger: a payment's lines, and balances per account. */
public final class LedgerRepository {
  private static final String LINES = """
      SELECT t.id AS transaction_id, t.kind, e.account, e.amount_minor, e.currency, e.created_at
        FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
       WHERE t.payment_id = $1
       ORDER BY e.id""";
  private static final String BALANCES = """
      SELECT account, currency, sum(amount_minor)::bigint AS balance
        FROM ledger_entries WHERE currency = $1 GROUP BY account, currency ORDER BY account""";

  private LedgerRepository() {
  }

  public static Future<List<LedgerLine>> lines(SqlClient sql, UUID paymentId) {
    return sql.preparedQuery(LINES).execute(Tuple.of(paymentId)).map(rows -> {
      List<LedgerLine> lines = new ArrayList<>(rows.size());
      for (Row r : rows) {
        lines.add(new LedgerLine(r.getUUID("transaction_id"), r.getString("kind"), r.getString("account"),
            r.getLong("amount_minor"), r.getString("currency"), r.getOffsetDateTime("created_at").toInstant()));
      }
      return lines;
    });
  }

  public static Future<List<Balance>> balances(SqlClient sql, String currency) {
    return sql.preparedQuery(BALANCES).execute(Tuple.of(currency)).map(rows -> {
      List<Balance> balances = new ArrayList<>(rows.size());
      rows.forEach(r -> balances.add(new Balance(r.getString("account"), r.getString("currency"), r.getLong("balance"))));
      return balances;
    });
  }
}
