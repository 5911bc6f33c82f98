package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.health.api.DatabaseStatusService;
import org.clinicapi.health.api.PingService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/**
 * Owns the PostgreSQL pool (shared by name across instances) and serves the data services of every
 * feature on the event bus. Deploy one instance per event loop; the bus spreads requests over them.
 */
public final class DatabaseVerticle extends VerticleBase {
  private final AppConfig config;
  private final String schemaVersion;
  private final List<Feature> features;
  private Pool pool;

  /** {@code schemaVersion}: the version Main migrated to, so readiness can tell a stale database. */
  public DatabaseVerticle(AppConfig config, String schemaVersion, List<Feature> features) {
    this.config = config;
    this.schemaVersion = schemaVersion;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    pool = PoolFactory.create(vertx, config.database());
    DatabaseStatusService status = new DatabaseStatusServiceImpl(pool, schemaVersion);
    PingService ping = () -> Future.succeededFuture();
    Future<Void> own = Future.all(
        ServiceBinder.of(status, DatabaseStatusService.OPERATIONS).translating(SqlErrors::translate).bind(vertx).completion(),
        ServiceBinder.of(ping, PingService.OPERATIONS).bind(vertx).completion()).mapEmpty();
    ServiceContext services = new ServiceContext(vertx, pool, config);
    return own.compose(v -> Future.all(features.stream().map(f -> f.bindServices(services)).toList()));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
