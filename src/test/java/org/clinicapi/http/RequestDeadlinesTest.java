package org.clinicapi.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Request timeout from one sweep per event loop: overdue requests fail with the status, answered ones leave no trace")
class RequestDeadlinesTest {
  private static final long TIMEOUT_MS = 300;

  /** A server with the deadlines first, a route that never answers and one that answers at once. */
  private static final class Server extends VerticleBase {
    RequestDeadlines deadlines;
    Context loop;
    HttpServer server;

    @Override
    public Future<?> start() {
      loop = context;
      deadlines = RequestDeadlines.start(vertx, TIMEOUT_MS, 503);
      Router router = Router.router(vertx);
      router.route().handler(deadlines);
      router.get("/hang").handler(ctx -> {
      });
      router.get("/quick").handler(ctx -> ctx.response().end("ok"));
      router.route().failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode()).end("failed " + ctx.statusCode()));
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onSuccess(s -> server = s);
    }

    int pending() throws Exception {
      Promise<Integer> size = Promise.promise();
      loop.runOnContext(v -> size.complete(deadlines.pending()));
      return size.future().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a request with no answer gets the status once the timeout (plus at most one sweep) has passed; quick ones are untouched")
  void overdueFailsQuickUntouched(Vertx vertx) throws Exception {
    Server server = new Server();
    vertx.deployVerticle(server).await(10, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    int port = server.server.actualPort();

    long started = System.nanoTime();
    Future<HttpResponse<Buffer>> hanging = client.get(port, "127.0.0.1", "/hang").send();
    List<Future<HttpResponse<Buffer>>> quick = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      quick.add(client.get(port, "127.0.0.1", "/quick").send());
    }
    Future.all(quick).await(10, TimeUnit.SECONDS);
    assertThat(quick).allSatisfy(r -> assertThat(r.result().bodyAsString()).isEqualTo("ok"));

    HttpResponse<Buffer> timedOut = hanging.await(10, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(tookMs).isBetween(TIMEOUT_MS, TIMEOUT_MS + RequestDeadlines.sweepIntervalMs(TIMEOUT_MS) + 1_000);
    assertThat(server.pending()).as("requests still linked after every one ended").isZero();
  }

  @Test
  @DisplayName("the sweep interval is a tenth of the timeout, between 1 and 100 ms")
  void sweepInterval() {
    assertThat(RequestDeadlines.sweepIntervalMs(30_000)).isEqualTo(100);
    assertThat(RequestDeadlines.sweepIntervalMs(300)).isEqualTo(30);
    assertThat(RequestDeadlines.sweepIntervalMs(5)).isEqualTo(1);
  }
}
