package org.clinicapi.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DataService;

/** Binds {@code users.service} in each database verticle. */
public final class UsersDataService implements DataService {

  @Override
  public Future<Void> bind(Vertx vertx, Pool pool, AppConfig config) {
    UsersServiceImpl service = new UsersServiceImpl(pool);
    return new ServiceBinder(Addresses.USERS_SERVICE)
        .on("get", service::get)
        .on("list", service::list)
        .on("updateMe", service::updateMe)
        .on("update", service::update)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
