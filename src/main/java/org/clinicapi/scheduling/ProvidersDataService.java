package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DataService;

/** Binds {@code providers.service} in each database verticle. */
public final class ProvidersDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    ProvidersServiceImpl service = new ProvidersServiceImpl(pool, new BookedTimes());
    BookingRules rules = new BookingRules(pool, new ProvidersRepository());
    return new ServiceBinder(Addresses.PROVIDERS_SERVICE)
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
