package org.clinicapi.audit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.Features;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.audit.AuditFixtures.event;

@ExtendWith(VertxExtension.class)
@DisplayName("AuditLog.appendInTransaction: the event commits or rolls back with the caller's transaction, and chains verify")
class AuditInTransactionTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("committed with the transaction, gone with its rollback; concurrent in-tx and group appends keep every chain valid")
  void commitsAndRollsBackWithTheCaller(Vertx vertx) throws Exception {
    JsonObject settings = ConfigLoader.defaults().mergeIn(TestEnvironment.settings());
    Migrations.migrate(AppConfig.from(settings).database());
    await(vertx.deployVerticle(() -> new DatabaseVerticle(AppConfig.from(settings), "1", Features.all()), new DeploymentOptions()));
    BusClient bus = new BusClient(vertx, 20_000);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
        .connectingTo(PgConnectOptions.fromUri(TestEnvironment.databaseUrl())).using(vertx).build();
    UUID patient = UUID.randomUUID();
    try {
      await(pool.withTransaction(sql -> AuditLog.appendInTransaction(sql, event("test.kept", patient))));
      Future<Object> rolledBack = pool.withTransaction(sql -> AuditLog.appendInTransaction(sql, event("test.dropped", patient))
          .compose(r -> Future.failedFuture("the write after it failed")));
      await(rolledBack.otherwiseEmpty());

      List<Future<?>> mixed = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        mixed.add(pool.withTransaction(sql -> AuditLog.appendInTransaction(sql, event("test.tx", patient))));
        mixed.add(bus.request(AuditService.APPEND, event("test.group", patient)));
      }
      await(Future.all(mixed));
    } finally {
      pool.close();
    }
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ? AND action = 'test.kept'", patient)).isEqualTo(1);
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ? AND action = 'test.dropped'", patient)).isZero();
    assertThat(Accounts.count("SELECT count(*) FROM audit_events WHERE patient_id = ?", patient)).isEqualTo(81);
    ChainVerdict verdict = await(bus.request(AuditService.VERIFY, null));
    assertThat(verdict.valid()).isTrue();
  }
}
