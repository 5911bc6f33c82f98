package org.clinicapi.locations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code locations.service} in each database verticle. */
public final class LocationsDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    LocationsServiceImpl service = new LocationsServiceImpl(pool);
    return ServiceBinder.json(Addresses.LOCATIONS_SERVICE)
        .on("list", service::list)
        .on("create", service::create)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
