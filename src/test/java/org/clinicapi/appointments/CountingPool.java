package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool that counts what its transactions send: statements, and round trips, a round trip being a statement
 * (or BEGIN, COMMIT, ROLLBACK) sent while nothing else of the connection is in flight; statements sent behind
 * one still in flight are pipelined and ride on its round trip. Test code only: proxies over the real pool.
 */
@SuppressWarnings("unchecked")
final class CountingPool {
  private final List<String> statements = new ArrayList<>();
  private int roundTrips;
  private int inFlight;

  Pool wrap(Pool real) {
    return proxy(Pool.class, real, (proxy, method, args) -> switch (method.getName()) {
      case "getConnection" -> ((Future<SqlConnection>) call(real, method, args)).map(this::connection);
      case "withTransaction" -> InvocationHandler.invokeDefault(proxy, method, args);
      default -> call(real, method, args);
    });
  }

  synchronized List<String> statements() {
    return List.copyOf(statements);
  }

  synchronized int roundTrips() {
    return roundTrips;
  }

  synchronized void reset() {
    statements.clear();
    roundTrips = 0;
  }

  private SqlConnection connection(SqlConnection real) {
    return proxy(SqlConnection.class, real, (proxy, method, args) -> switch (method.getName()) {
      case "preparedQuery" -> query((String) args[0], (PreparedQuery<?>) call(real, method, args));
      case "begin" -> sent("BEGIN", (Future<Transaction>) call(real, method, args)).map(this::transaction);
      default -> call(real, method, args);
    });
  }

  private Transaction transaction(Transaction real) {
    return proxy(Transaction.class, real, (proxy, method, args) -> switch (method.getName()) {
      case "commit", "rollback" -> args == null ? sent(method.getName().toUpperCase(), (Future<?>) call(real, method, args))
          : call(real, method, args);
      default -> call(real, method, args);
    });
  }

  private PreparedQuery<?> query(String sql, PreparedQuery<?> real) {
    return proxy(PreparedQuery.class, real, (proxy, method, args) -> method.getName().startsWith("execute")
        ? sent(sql, (Future<?>) call(real, method, args)) : call(real, method, args));
  }

  /** Registered before the caller's own handlers, so the next statement sees this one finished. */
  private <T> Future<T> sent(String what, Future<T> result) {
    synchronized (this) {
      statements.add(what);
      if (inFlight++ == 0) {
        roundTrips++;
      }
    }
    return result.andThen(done -> {
      synchronized (this) {
        inFlight--;
      }
    });
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T real, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(CountingPool.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
