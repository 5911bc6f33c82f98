package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DataService;

/** Binds {@code locations.service} in each database verticle. */
public final class LocationsDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    LocationsServiceImpl service = new LocationsServiceImpl(pool);
    return new ServiceBinder(Addresses.LOCATIONS_SERVICE)
        .on("list", service::list)
        .on("create", service::create)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
