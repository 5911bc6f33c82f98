package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.IdempotencyRecords;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.health.api.DatabaseStatusService;
import org.clinicapi.health.api.PingService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Owns the PostgreSQL pool (shared by name across instances) and serves the data services of every
 * feature on the event bus. Deploy one instance per event loop; the bus spreads requests over them.
 */
public final class DatabaseVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseVerticle.class);
  private static final long PURGE_PERIOD_MS = TimeUnit.HOURS.toMillis(1);
  private final AppConfig config;
  private final String schemaVersion;
  private final List<Feature> features;
  private Pool pool;
  private SqlClient quickReads;

  /** {@code schemaVersion}: the version Main migrated to, so readiness can tell a stale database. */
  public DatabaseVerticle(AppConfig config, String schemaVersion, List<Feature> features) {
    this.config = config;
    this.schemaVersion = schemaVersion;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    pool = PoolFactory.create(vertx, config.database());
    quickReads = PoolFactory.quickReads(vertx, config.database());
    DatabaseStatusService status = new DatabaseStatusServiceImpl(pool, schemaVersion);
    PingService ping = () -> Future.succeededFuture();
    Future<Void> own = Future.all(
        ServiceBinder.of(status, DatabaseStatusService.OPERATIONS).translating(SqlErrors::translate).bind(vertx).completion(),
        ServiceBinder.of(status, DatabaseStatusService.LOCAL_OPERATIONS).translating(SqlErrors::translate).bindLocal(vertx).completion(),
        ServiceBinder.of(ping, PingService.OPERATIONS).bind(vertx).completion()).mapEmpty();
    ServiceContext services = new ServiceContext(vertx, pool, quickReads, config);
    // A clean-up job: only where jobs run. A random first delay spreads the purges of several instances and
    // processes over the period (each purge is one idempotent DELETE, safe on several nodes at once).
    if (config.roles().runsJobsOf(NodeRoles.Role.DATABASE)) {
      vertx.setPeriodic(ThreadLocalRandom.current().nextLong(PURGE_PERIOD_MS), PURGE_PERIOD_MS, id -> purgeIdempotencyRecords());
    }
    return own.compose(v -> Future.all(features.stream().map(f -> f.bindServices(services)).toList()));
  }

  /** Expired Idempotency-Key answers; a failure is retried by the next period. */
  private void purgeIdempotencyRecords() {
    IdempotencyRecords.purge(pool, IdempotencyRecords.RETAIN)
        .onSuccess(n -> LOG.debug("purged {} expired idempotency records", n))
        .onFailure(e -> LOG.warn("idempotency records not purged: {}", e.toString()));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : Future.all(pool.close(), quickReads.close());
  }
}
