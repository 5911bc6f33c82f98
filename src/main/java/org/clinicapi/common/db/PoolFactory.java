package org.clinicapi.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.config.DatabaseConfig;

import java.util.concurrent.TimeUnit;

/**
 * The one PostgreSQL pool of a process: pipelined, prepared statements cached, bounded in size and in
 * waiters. Shared by name, so every DatabaseVerticle instance uses the same connections. A full wait
 * queue fails at once (the caller answers 503) instead of queueing without bound. Leased connections log
 * their errors instead of printing them ({@link LoggedConnectionsPool}).
 */
public final class PoolFactory {
  static final String POOL_NAME = "clinic-db";

  private PoolFactory() {
  }

  public static Pool create(Vertx vertx, DatabaseConfig config) {
    PoolOptions options = new PoolOptions()
        .setName(POOL_NAME)
        .setShared(true)
        .setMaxSize(config.poolSize())
        .setMaxWaitQueueSize(config.maxWaiters())
        .setConnectionTimeout(config.waitTimeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
    return new LoggedConnectionsPool(PgBuilder.pool().with(options).connectingTo(config.connectOptions()).using(vertx).build());
  }
}
