package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code users.service} in each database verticle. */
public final class UsersDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    UsersServiceImpl service = new UsersServiceImpl(pool);
    return ServiceBinder.json(Addresses.USERS_SERVICE)
        .on("get", service::get)
        .on("list", service::list)
        .on("updateMe", service::updateMe)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
