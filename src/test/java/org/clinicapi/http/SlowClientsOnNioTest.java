package org.clinicapi.http;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** Every test of {@link SlowClientsTest} with both servers on NIO, the transport used where native epoll does not load. */
@DisplayName("Slow and greedy clients, on the NIO transport")
class SlowClientsOnNioTest extends SlowClientsTest {

  /** Hides the superclass's: JUnit runs only this one for this class. */
  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    start(vertx, false);
  }
}
