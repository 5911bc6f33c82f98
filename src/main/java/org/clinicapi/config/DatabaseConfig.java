package org.clinicapi.config;

import io.vertx.pgclient.PgConnectOptions;

/**
 * {@code poolSize}: the pool's connections (transactions and ordinary statements); {@code readConnections}: the
 * pipelined connections of the quick reads ({@link org.clinicapi.common.db.PoolFactory#quickReads}), each with
 * up to {@code pipeliningLimit} statements in flight. {@code startupWaitSeconds}: how long the server keeps retrying migrations while the database does not answer
 * at start; 0 = for ever (probes and the API answer meanwhile). {@code statementTimeoutMs}: PostgreSQL's
 * {@code statement_timeout} on every connection of the server's pools (0 = none), so a statement stuck behind a lock
 * is cancelled (57014, answered 503) and its transaction rolled back before the caller stops waiting for it.
 */
public record DatabaseConfig(String url, int poolSize, int readConnections, int maxWaiters, int waitTimeoutMs,
    int pipeliningLimit, int startupWaitSeconds, int statementTimeoutMs) {

  public boolean configured() {
    return !url.isEmpty();
  }

  /**
   * Connection options for vertx-pg-client; only call when {@link #configured()}. The statement timeout is a
   * startup parameter of each connection (no extra round trip); Flyway and the commands connect over JDBC
   * without it, so migrations and seeding may take as long as they need.
   */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = PgConnectOptions.fromUri(url)
        .setPipeliningLimit(pipeliningLimit)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setReconnectAttempts(0);
    if (statementTimeoutMs > 0) {
      options.addProperty("statement_timeout", Integer.toString(statementTimeoutMs));
    }
    return options;
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
        in.integer("STARTUP_DB_WAIT_SECONDS", 0, 7 * 24 * 3600),
        in.integer("DATABASE_STATEMENT_TIMEOUT_MS", 0, 3_600_000));
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
