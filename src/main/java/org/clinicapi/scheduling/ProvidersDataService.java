package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.ServiceContext;

/** Binds {@code providers.service} in each database verticle. */
public final class ProvidersDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    ProvidersServiceImpl service = new ProvidersServiceImpl(pool, new BookedTimes());
    BookingRules rules = new BookingRules(pool, new ProvidersRepository());
    ProvidersService typed = rules::bookable;
    return ServiceBinder.of(typed, ProvidersService.OPERATIONS)
        .on("list", service::list)
        .on("get", service::get)
        .on("target", service::target)
        .on("saveProfile", service::saveProfile)
        .on("saveSchedule", service::saveSchedule)
        .on("addTimeOff", service::addTimeOff)
        .on("removeTimeOff", service::removeTimeOff)
        .on("slots", service::slots)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
