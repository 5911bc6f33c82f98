package org.clinicapi.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
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
  /** How the quick-read connections show in pg_stat_activity. */
  public static final String QUICK_READS_APPLICATION = "clinic-api quick reads";

  private PoolFactory() {
  }

  public static Pool create(Vertx vertx, DatabaseConfig config) {
    PoolOptions options = options(config, POOL_NAME, config.poolSize());
    return new LoggedConnectionsPool(PgBuilder.pool().with(options).connectingTo(config.connectOptions()).using(vertx).build());
  }

  /**
   * The pipelined client for quick reads: short single statements outside transactions (a primary-key
   * lookup) on a few connections shared by name, each carrying up to {@code DATABASE_PIPELINING_LIMIT}
   * statements at once. PostgreSQL then answers a burst of reads in one wake-up of one backend instead of
   * one round trip per pooled connection: measured on W1 (the audited single read) it cut PostgreSQL's CPU
   * per read by a third. Statements on one connection run one after another, so a slow one holds up those
   * queued behind it: never for transactions, lists or searches, which stay on the pool.
   */
  public static SqlClient quickReads(Vertx vertx, DatabaseConfig config) {
    PoolOptions options = options(config, POOL_NAME + "-quick-reads", config.readConnections());
    PgConnectOptions connect = config.connectOptions();
    connect.addProperty("application_name", QUICK_READS_APPLICATION);
    return PgBuilder.client().with(options).connectingTo(connect).using(vertx).build();
  }

  private static PoolOptions options(DatabaseConfig config, String name, int size) {
    return new PoolOptions()
        .setName(name)
        .setShared(true)
        .setMaxSize(size)
        .setMaxWaitQueueSize(config.maxWaiters())
        .setConnectionTimeout(config.waitTimeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
  }
}
