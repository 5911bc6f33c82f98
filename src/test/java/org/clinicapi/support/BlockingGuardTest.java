package org.clinicapi.support;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The build fails when code blocks an event-loop thread")
class BlockingGuardTest {

  @Test
  @DisplayName("a sleep on an event loop is caught and recorded; the same sleep on a worker is allowed")
  void sleepOnEventLoopDetected(Vertx vertx) throws Exception {
    Context loop = vertx.getOrCreateContext();
    assertThat(loop.isEventLoopContext()).isTrue();
    Promise<Throwable> outcome = Promise.promise();
    loop.runOnContext(v -> {
      try {
        Thread.sleep(5);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    Throwable thrown = outcome.future().await(10, TimeUnit.SECONDS);
    List<String> recorded = BlockingGuard.drain();
    assertThat(thrown).isNotNull().hasMessageContaining("Blocking call");
    assertThat(recorded).singleElement().asString().contains("Thread.sleep").contains("vert.x-eventloop-thread");

    vertx.executeBlocking(() -> {
      Thread.sleep(5);
      return true;
    }).await(10, TimeUnit.SECONDS);
    assertThat(BlockingGuard.drain()).isEmpty();
  }
}
