package org.clinicapi.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.clinicapi.config.AppConfig;

/** A feature's data services: binds its event-bus consumers over the shared pool. */
public interface DataService {
  Future<Void> bind(Vertx vertx, Pool pool, AppConfig config);
}
