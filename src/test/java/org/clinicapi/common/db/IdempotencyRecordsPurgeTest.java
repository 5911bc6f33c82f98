package org.clinicapi.common.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Idempotency records older than the 24-hour replay window are purged in batches; younger ones stay")
class IdempotencyRecordsPurgeTest {

  @Test
  @DisplayName("2,500 expired rows go (three batches), a fresh row and one just inside the window stay")
  void purgesOnlyExpiredRows(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings());
    Migrations.migrate(AppConfig.from(settings).database());
    String scope = "purge-test-" + UUID.randomUUID();
    Accounts.update("INSERT INTO idempotency_records (scope, key_hash, fingerprint, created_at) "
        + "SELECT ?, 'old-' || i, 'f', now() - interval '25 hours' FROM generate_series(1, 2500) i", scope);
    Accounts.update("INSERT INTO idempotency_records (scope, key_hash, fingerprint, created_at) VALUES "
        + "(?, 'fresh', 'f', now()), (?, 'recent', 'f', now() - interval '23 hours')", scope, scope);
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestEnvironment.databaseUrl())).using(vertx).build();
    try {
      int purged = pool.withConnection(sql -> IdempotencyRecords.purge(sql, IdempotencyRecords.RETAIN)).await(30, TimeUnit.SECONDS);
      assertThat(purged).isGreaterThanOrEqualTo(2500);
    } finally {
      pool.close();
    }
    assertThat(Accounts.count("SELECT count(*) FROM idempotency_records WHERE scope = ? AND key_hash LIKE 'old-%'", scope)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM idempotency_records WHERE scope = ?", scope)).isEqualTo(2);
  }
}
