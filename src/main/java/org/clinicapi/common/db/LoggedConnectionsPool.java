package org.clinicapi.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool, except that every connection it lends out ({@code withTransaction}, {@code withConnection},
 * {@code getConnection}) has an exception handler. Without one the SQL client reports an error that reaches a
 * leased connection outside a command (PostgreSQL terminating the backend, 57P01; a socket reset) with
 * {@code printStackTrace}: bare lines on stderr that no JSON log pipeline can parse. The command in flight
 * fails its caller anyway; this only says, once and through the log, why the connection died.
 */
final class LoggedConnectionsPool implements Pool {
  private static final Logger LOG = LoggerFactory.getLogger(LoggedConnectionsPool.class);

  private final Pool pool;

  LoggedConnectionsPool(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return pool.getConnection().map(conn -> conn.exceptionHandler(LoggedConnectionsPool::lost));
  }

  private static void lost(Throwable failure) {
    LOG.warn("database connection lost while in use: {}", failure.toString());
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return pool.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return pool.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return pool.preparedQuery(sql, options);
  }

  @Override
  public int size() {
    return pool.size();
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }
}
