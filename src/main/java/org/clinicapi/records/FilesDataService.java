package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

/** Binds {@code records.service} (file metadata) in each database verticle; the bytes stay with the HTTP side. */
public final class FilesDataService {

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    FilesServiceImpl service = new FilesServiceImpl(pool);
    return ServiceBinder.json(Addresses.RECORDS_SERVICE)
        .on("create", service::create)
        .on("get", service::get)
        .on("list", service::list)
        .on("delete", service::delete)
        .on("discard", service::discard)
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }
}
