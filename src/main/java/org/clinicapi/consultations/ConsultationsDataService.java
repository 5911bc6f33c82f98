package org.clinicapi.consultations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code consultations.service} in each database verticle. */
public final class ConsultationsDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    ConsultationsServiceImpl service = new ConsultationsServiceImpl(vertx, pool);
    return ServiceBinder.json(Addresses.CONSULTATIONS_SERVICE)
        .on("create", service::create)
        .on("get", service::get)
        .on("list", service::list)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
