package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
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
    DatabaseStatusService status = new DatabaseStatusService(pool, schemaVersion);
    Future<Void> own = Future.all(
        ServiceBinder.json(Addresses.DATABASE_STATUS).on("check", status::check).translating(SqlErrors::translate)
            .bind(vertx).completion(),
        ServiceBinder.json(Addresses.HEALTH_PING).on("ping", body -> Future.succeededFuture(new JsonObject()))
            .bind(vertx).completion()).mapEmpty();
    ServiceContext services = new ServiceContext(vertx, pool, config);
    return own.compose(v -> Future.all(features.stream().map(f -> f.bindServices(services)).toList()));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
