package org.clinicapi.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.bus.Operation;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;

import java.util.List;

/**
 * What a feature's bus services are built from in a database verticle: the shared pool, the pipelined client
 * for quick reads ({@link org.clinicapi.common.db.PoolFactory#quickReads}: short single statements only) and
 * the settings.
 */
public record ServiceContext(Vertx vertx, Pool pool, SqlClient quickReads, AppConfig config) {

  /** Serves {@code operations} with {@code service} on this verticle's bus; database failures map by SQLSTATE. */
  public <S> Future<Void> serve(S service, List<? extends Operation<S, ?, ?>> operations) {
    return ServiceBinder.of(service, operations).translating(SqlErrors::translate).bind(vertx).completion();
  }
}
