package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds the write path and single read of {@code appointments.service} in each database verticle. */
public final class AppointmentsDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    AppointmentsServiceImpl service = new AppointmentsServiceImpl(pool, config.appointments().holdTtlSeconds(),
        new AppointmentEvents(vertx));
    return ServiceBinder.json(Addresses.APPOINTMENTS_SERVICE)
        .on("get", service::get)
        .on("create", service::create)
        .on("hold", service::hold)
        .on("update", service::update)
        .on("transition", service::transition)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
