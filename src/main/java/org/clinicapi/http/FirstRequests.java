package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import org.clinicapi.common.net.ConnectionGuard;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Per HTTP verticle: tells the {@link ConnectionGuard} when a connection's first request head has arrived, once
 * per connection. A request costs one identity lookup, no allocation. Event-loop confined, like the server.
 */
final class FirstRequests {
  private final ConnectionGuard guard;
  private final Set<HttpConnection> waiting = Collections.newSetFromMap(new IdentityHashMap<>());

  FirstRequests(ConnectionGuard guard) {
    this.guard = guard;
  }

  void connected(HttpConnection connection) {
    waiting.add(connection);
    connection.closeHandler(v -> waiting.remove(connection));
  }

  Handler<HttpServerRequest> then(Handler<HttpServerRequest> next) {
    return request -> {
      if (!waiting.isEmpty() && waiting.remove(request.connection())) {
        guard.headArrived(request.connection());
      }
      next.handle(request);
    };
  }
}
