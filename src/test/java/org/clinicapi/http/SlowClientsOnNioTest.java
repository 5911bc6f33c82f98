package org.clinicapi.http;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** Every test of {@link SlowClientsTest} with both servers on NIO, the transport used where native epoll does not load. */
@DisplayName("Slow and greedy clients, on the NIO transport")
class SlowClientsOnNioTest extends SlowClientsTest {

  /** Runs after the superclass's (JUnit runs both) and replaces the servers that one started with NIO ones. */
  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    start(vertx, false);
  }
}
