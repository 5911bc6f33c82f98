package org.clinicapi.payments.ledger;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clinicapi.payments.ledger.Ledger.Line.credit;
import static org.clinicapi.payments.ledger.Ledger.Line.debit;

@ExtendWith(VertxExtension.class)
@DisplayName("The ledger: balanced transactions booked once; the database refuses unbalanced ones and any change")
class LedgerTest {
  // Lines on stripe_fees and stripe_balance only: escrow must keep matching the held payments (LedgerInvariants).
  private static Pool pool;

  @BeforeAll
  static void start(Vertx vertx) {
    Migrations.migrate(AppConfig.from(ConfigLoader.defaults().mergeIn(TestEnvironment.settings())).database());
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(TestEnvironment.databaseUrl()).using(vertx).build();
  }

  @AfterAll
  static void stop() {
    ApiClient.await(pool.close());
  }

  private static long entries(String reference) {
    return Accounts.count("SELECT count(*) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id"
        + " WHERE t.reference = ?", reference);
  }

  @Test
  @DisplayName("a movement is booked once per (kind, reference): the second post books nothing; zero lines are left out")
  void bookedOnce() {
    String reference = UUID.randomUUID().toString();
    List<Ledger.Line> lines = List.of(debit(Account.STRIPE_FEES, 700), credit(Account.STRIPE_BALANCE, 700), debit(Account.DISPUTES, 0));

    boolean first = ApiClient.await(pool.withTransaction(sql -> Ledger.post(sql, null, "payment_held", reference, "usd", lines)));
    boolean second = ApiClient.await(pool.withTransaction(sql -> Ledger.post(sql, null, "payment_held", reference, "usd", lines)));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(entries(reference)).isEqualTo(2);
  }

  @Test
  @DisplayName("lines that do not sum to zero are refused before they reach the database")
  void unbalancedRefusedInJava() {
    String reference = UUID.randomUUID().toString();
    assertThatThrownBy(() -> ApiClient.await(pool.withTransaction(sql -> Ledger.post(sql, null, "payment_held", reference, "usd",
        List.of(debit(Account.STRIPE_FEES, 700), credit(Account.STRIPE_BALANCE, 699))))))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(entries(reference)).isZero();
  }

  @Test
  @DisplayName("the database itself refuses, at commit, a transaction whose lines do not balance per currency")
  void unbalancedRefusedByTheDatabase() {
    String reference = UUID.randomUUID().toString();
    UUID transaction = (UUID) Accounts.value(
        "INSERT INTO ledger_transactions (kind, reference) VALUES ('payment_held', ?) RETURNING id", reference);

    assertThatThrownBy(() -> Accounts.update("INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency)"
        + " VALUES (?, 'stripe_fees', 500, 'usd'), (?, 'stripe_balance', -500, 'eur')", transaction, transaction))
        .hasStackTraceContaining("does not balance");
    assertThat(entries(reference)).isZero();
  }

  @Test
  @DisplayName("entries and transactions are append-only: UPDATE, DELETE and TRUNCATE are refused")
  void appendOnly() {
    String reference = UUID.randomUUID().toString();
    ApiClient.await(pool.withTransaction(sql -> Ledger.post(sql, null, "payment_held", reference, "usd",
        List.of(debit(Account.STRIPE_FEES, 300), credit(Account.STRIPE_BALANCE, 300)))));

    assertThatThrownBy(() -> Accounts.update("UPDATE ledger_entries SET amount_minor = 1 WHERE transaction_id IN"
        + " (SELECT id FROM ledger_transactions WHERE reference = ?)", reference)).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> Accounts.update("DELETE FROM ledger_transactions WHERE reference = ?", reference))
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> Accounts.update("TRUNCATE ledger_entries")).hasStackTraceContaining("append-only");
    assertThat(entries(reference)).isEqualTo(2);
  }
}
