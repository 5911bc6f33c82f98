package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code providers.service} in each database verticle. */
public final class ProvidersDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    ProvidersServiceImpl service = new ProvidersServiceImpl(pool, new BookedTimes());
    BookingRules rules = new BookingRules(pool, new ProvidersRepository());
    return ServiceBinder.json(Addresses.PROVIDERS_SERVICE)
        .on("list", service::list)
        .on("get", service::get)
        .on("target", service::target)
        .on("saveProfile", service::saveProfile)
        .on("saveSchedule", service::saveSchedule)
        .on("addTimeOff", service::addTimeOff)
        .on("removeTimeOff", service::removeTimeOff)
        .on("slots", service::slots)
        .on("bookable", rules::bookable)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
