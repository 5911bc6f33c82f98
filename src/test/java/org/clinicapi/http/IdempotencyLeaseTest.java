package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.redis.IdempotencyStore;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.web.IdempotencyHandler;
import org.clinicapi.web.RequestIdHandler;
import org.clinicapi.web.Responses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("An idempotency claim is a short lease its request renews while it runs, and stops renewing when it ends")
class IdempotencyLeaseTest {
  private static final long LEASE_MS = 600;
  private static final AtomicInteger created = new AtomicInteger();
  private static Redis redis;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    redis = Redis.createClient(vertx, TestEnvironment.redisUrl());
    String prefix = TestEnvironment.keyPrefix() + "lease-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    IdempotencyHandler idempotent = new IdempotencyHandler(new IdempotencyStore(RedisAPI.api(redis), prefix, LEASE_MS, 2_000));
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.route().handler(BodyHandler.create(false));
    // Runs for more than two leases before it answers.
    router.post("/slow").handler(idempotent).handler(ctx -> vertx.setTimer(3 * LEASE_MS,
        t -> Responses.send(ctx, 201, new JsonObject().put("id", created.incrementAndGet()))));
    // Ends its response without Responses, so nothing settles the claim.
    router.post("/raw").handler(idempotent).handler(ctx -> {
      created.incrementAndGet();
      ctx.response().setStatusCode(204).end();
    });
    router.route().failureHandler(new FailureHandler(1));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    redis.close();
  }

  @BeforeEach
  void resetCounter() {
    created.set(0);
  }

  private static Future<HttpResponse<Buffer>> post(String path, String key) {
    return client.post(server.actualPort(), "127.0.0.1", path).putHeader(IdempotencyHandler.HEADER, key)
        .sendJsonObject(new JsonObject().put("name", "x"));
  }

  @Test
  @DisplayName("a request running for three leases keeps its key: a duplicate after two leases is 409 CONFLICT, then the answer is replayed")
  void renewedWhileRunning(Vertx vertx) throws Exception {
    String key = "key-" + UUID.randomUUID();
    Future<HttpResponse<Buffer>> first = post("/slow", key);
    vertx.timer(2 * LEASE_MS, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);

    HttpResponse<Buffer> duplicate = post("/slow", key).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> answered = first.await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> replay = post("/slow", key).await(10, TimeUnit.SECONDS);

    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("CONFLICT");
    assertThat(answered.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader(IdempotencyHandler.REPLAYED)).isEqualTo("true");
    assertThat(replay.bodyAsString()).isEqualTo(answered.bodyAsString());
    assertThat(created).hasValue(1);
  }

  @Test
  @DisplayName("a response that ends without settling its claim stops the renewal: the key frees within one lease, not the longest hold")
  void endedWithoutSettleFreesWithinLease(Vertx vertx) throws Exception {
    String key = "key-" + UUID.randomUUID();
    assertThat(post("/raw", key).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    long ended = System.nanoTime();

    HttpResponse<Buffer> retry = post("/raw", key).await(10, TimeUnit.SECONDS);
    while (retry.statusCode() == 409 && System.nanoTime() - ended < TimeUnit.SECONDS.toNanos(10)) {
      vertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      retry = post("/raw", key).await(10, TimeUnit.SECONDS);
    }
    long freedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);

    assertThat(retry.statusCode()).isEqualTo(204);
    assertThat(freedAfterMs).isLessThanOrEqualTo(LEASE_MS + 300);
    assertThat(created).hasValue(2);
  }
}
