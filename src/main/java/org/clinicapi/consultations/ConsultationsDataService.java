package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DataService;

/** Binds {@code consultations.service} in each database verticle. */
public final class ConsultationsDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    ConsultationsServiceImpl service = new ConsultationsServiceImpl(vertx, pool);
    return new ServiceBinder(Addresses.CONSULTATIONS_SERVICE)
        .on("create", service::create)
        .on("get", service::get)
        .on("list", service::list)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
