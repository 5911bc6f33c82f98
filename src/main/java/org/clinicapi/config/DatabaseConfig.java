package org.clinicapi.config;

import io.vertx.pgclient.PgConnectOptions;

/**
 * {@code poolSize}: the pool's connections (transactions and ordinary statements); {@code readConnections}: the
 * pipelined connections of the quick reads ({@link org.clinicapi.common.db.PoolFactory#quickReads}), each with
 * up to {@code pipeliningLimit} statements in flight. {@code startupWaitSeconds}: how long the server keeps retrying migrations while the database does not answer
 * at start; 0 = for ever (probes and the API answer meanwhile).
 */
public record DatabaseConfig(String url, int poolSize, int readConnections, int maxWaiters, int waitTimeoutMs,
    int pipeliningLimit, int startupWaitSeconds) {

  public boolean configured() {
    return !url.isEmpty();
  }

  /** Connection options for vertx-pg-client; only call when {@link #configured()}. */
  public PgConnectOptions connectOptions() {
    return PgConnectOptions.fromUri(url)
        .setPipeliningLimit(pipeliningLimit)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setReconnectAttempts(0);
  }

  /** JDBC form for Flyway, the only JDBC user. */
  public String jdbcUrl() {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  static DatabaseConfig read(SettingsReader in) {
    DatabaseConfig db = new DatabaseConfig(
        in.string("DATABASE_URL"),
        in.integer("DATABASE_POOL_SIZE", 1, 1000),
        in.integer("DATABASE_READ_CONNECTIONS", 1, 100),
        in.integer("DATABASE_POOL_MAX_WAITERS", 0, 100_000),
        in.integer("DATABASE_POOL_WAIT_TIMEOUT_MS", 10, 600_000),
        in.integer("DATABASE_PIPELINING_LIMIT", 1, 10_000),
        in.integer("STARTUP_DB_WAIT_SECONDS", 0, 7 * 24 * 3600));
    if (db.configured()) {
      try {
        PgConnectOptions.fromUri(db.url);
      } catch (RuntimeException e) {
        // Never echo the URL: it carries the password.
        in.problem("DATABASE_URL", "is not of the form postgresql://user:password@host:port/database");
      }
    }
    return db;
  }
}
