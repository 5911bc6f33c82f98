package org.clinicapi.http;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("When the event loop lags the API sheds load with 503 and Retry-After, probes still answer, and service resumes after the cool-down")
class LoadSheddingTest {
  private static final long SPIN_MS = 150;
  private static final int SPINS = 6;
  private static TestServer server;
  private static WebClient client;
  private static Vertx testVertx;

  @BeforeAll
  static void start(Vertx vertx) {
    testVertx = vertx;
    server = TestServer.start(new JsonObject()
        .put("SHED_EVENT_LOOP_LAG_MS", 50)
        .put("SHED_COOLDOWN_MS", 3000)
        .put("HTTP_INSTANCES", 1));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.port()).setDefaultHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> request) throws Exception {
    return request.await(20, TimeUnit.SECONDS);
  }

  /**
   * Keeps every event loop of the server busy with pure CPU work (allowed by BlockHound: nothing blocks,
   * the loop is just late). Each spin schedules the next through the loop's timer queue, due at once: the
   * loop then takes the monitor's overdue tick and the next spin in one batch, tick first (its deadline is
   * older), so every tick runs right after a spin and is late. A delay of even 1 ms lets the tick's
   * fixed-rate catch-up run between two spins, on time, and the monitor never sees two late ticks in a row.
   */
  private static Future<Void> lagEveryEventLoop() {
    EventLoopGroup loops = ((VertxInternal) server.vertx()).nettyEventLoopGroup();
    List<Future<Void>> done = new ArrayList<>();
    for (EventExecutor loop : loops) {
      Promise<Void> promise = Promise.promise();
      done.add(promise.future());
      loop.schedule(() -> spin(loop, SPINS, promise), 1, TimeUnit.MILLISECONDS);
    }
    return Future.all(done).mapEmpty();
  }

  private static void spin(EventExecutor loop, int remaining, Promise<Void> promise) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SPIN_MS);
    long spins = 0;
    while (System.nanoTime() < until) {
      spins++; // pure CPU: BlockHound even counts Thread.onSpinWait as blocking
    }
    if (remaining > 1) {
      loop.schedule(() -> spin(loop, remaining - 1, promise), 0, TimeUnit.MILLISECONDS);
    } else {
      promise.complete();
    }
  }

  private static void assertEnvelope(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("success")).isFalse();
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
    assertThat(body.getJsonObject("meta").getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
  }

  @Test
  @DisplayName("a lagging event loop sheds API requests with a 503 SERVICE_UNAVAILABLE and Retry-After, never probes, until the cool-down ends")
  void laggingLoopShedsApiButNotProbes() throws Exception {
    // Before: nothing is shed.
    assertEnvelope(await(client.get("/api/v1/anything").send()), 404, "NOT_FOUND");

    lagEveryEventLoop().await(30, TimeUnit.SECONDS);
    long lagEnded = System.nanoTime();

    HttpResponse<Buffer> shed = await(client.get("/api/v1/anything").send());
    assertEnvelope(shed, 503, "SERVICE_UNAVAILABLE");
    assertThat(Integer.parseInt(shed.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
    assertThat(shed.getHeader("RateLimit-Limit")).as("shed before the rate limiter is consulted").isNull();

    HttpResponse<Buffer> probe = await(client.get("/health/live").send());
    assertThat(probe.statusCode()).as("probes are never shed").isEqualTo(200);
    assertThat(probe.bodyAsJsonObject().getString("status")).isEqualTo("UP");

    // Once the loop is idle again, the 3 s cool-down runs out and the API is served again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int status = 503;
    while (status == 503 && System.nanoTime() < deadline) {
      testVertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      status = await(client.get("/api/v1/anything").send()).statusCode();
    }
    assertThat(status).as("served again after the cool-down").isEqualTo(404);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lagEnded))
        .as("shedding lasted about the configured cool-down, not just one request").isGreaterThanOrEqualTo(2000);
  }
}
