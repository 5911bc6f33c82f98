package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.clinicapi.appointments.AppointmentListDataService;
import org.clinicapi.appointments.AppointmentsDataService;
import org.clinicapi.audit.AuditDataService;
import org.clinicapi.auth.AuthDataService;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.PoolFactory;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.consultations.ConsultationsDataService;
import org.clinicapi.locations.LocationsDataService;
import org.clinicapi.records.FilesDataService;
import org.clinicapi.reviews.ReviewsDataService;
import org.clinicapi.scheduling.ProvidersDataService;
import org.clinicapi.users.UsersDataService;

import java.util.List;

/**
 * Owns the PostgreSQL pool (shared by name across instances) and serves the data services of every
 * feature on the event bus. Deploy one instance per event loop; the bus spreads requests over them.
 */
public final class DatabaseVerticle extends VerticleBase {
  /** Deployment-config key: the schema version Main migrated to, so readiness can tell a stale database. */
  public static final String SCHEMA_VERSION = "schemaVersion";

  /** Every feature's data services; add a feature here. */
  private static List<DataService> features() {
    return List.of(new AuditDataService(), new AuthDataService(), new UsersDataService(), new LocationsDataService(),
        new ProvidersDataService(), new AppointmentsDataService(), new AppointmentListDataService(),
        new ConsultationsDataService(), new ReviewsDataService(), new FilesDataService());
  }

  private Pool pool;

  @Override
  public Future<?> start() {
    AppConfig config = AppConfig.from(config());
    pool = PoolFactory.create(vertx, config.database());
    DatabaseStatusService status = new DatabaseStatusService(pool, config().getString(SCHEMA_VERSION, "0"));
    Future<Void> own = Future.all(
        new ServiceBinder(Addresses.DATABASE_STATUS).on("check", status::check).translating(SqlErrors::translate)
            .bind(vertx).completion(),
        new ServiceBinder(Addresses.HEALTH_PING).on("ping", body -> Future.succeededFuture(new JsonObject()))
            .bind(vertx).completion()).mapEmpty();
    return own.compose(v -> Future.all(features().stream().map(f -> f.bind(vertx, pool, config)).toList()));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
