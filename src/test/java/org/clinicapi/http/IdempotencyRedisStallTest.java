package org.clinicapi.http;

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
import org.clinicapi.dev.DevServices;
import org.clinicapi.web.IdempotencyHandler;
import org.clinicapi.web.RequestIdHandler;
import org.clinicapi.web.Responses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis really stalls here ({@code CLIENT PAUSE ALL}), on a Redis of this class's own: a pause stalls every
 * client of the server it is sent to, and the machine's Redis is shared with other test runs.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A Redis stall leaves no idempotency claim behind: a claim the caller gave up on does nothing when Redis wakes")
class IdempotencyRedisStallTest {
  private static final long REDIS_TIMEOUT_MS = 300;
  private static final long PAUSE_MS = 1_500;
  private static final AtomicInteger created = new AtomicInteger();
  private static DevServices privateRedis;
  private static Redis redis;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    privateRedis = DevServices.start(Files.createTempDirectory("clinic-stall-"), false, true);
    redis = Redis.createClient(vertx, redisUrl());
    IdempotencyStore store = new IdempotencyStore(RedisAPI.api(redis), "stall-test:", IdempotencyStore.LEASE_MS, REDIS_TIMEOUT_MS);
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.route().handler(BodyHandler.create(false));
    router.post("/things").handler(new IdempotencyHandler(store))
        .handler(ctx -> Responses.send(ctx, 201, new JsonObject().put("id", created.incrementAndGet())));
    router.route().failureHandler(new FailureHandler(1));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    redis.close();
    privateRedis.close();
  }

  private static String redisUrl() {
    return privateRedis.overrides().getString("REDIS_URL");
  }

  private static HttpResponse<Buffer> send(String key, JsonObject body) throws Exception {
    return client.post(server.actualPort(), "127.0.0.1", "/things").putHeader(IdempotencyHandler.HEADER, key)
        .sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a claim that timed out during CLIENT PAUSE and ran when Redis woke leaves the key free: the retry runs at once (not 409 for a minute)")
  void claimRunAfterStallLeavesKeyFree(Vertx vertx) throws Exception {
    JsonObject body = new JsonObject().put("name", "x");
    // Loads the scripts, so the stalled claim below is one EVALSHA that runs as soon as Redis wakes.
    assertThat(send("warm-up-" + UUID.randomUUID(), body).statusCode()).isEqualTo(201);
    Redis admin = Redis.createClient(vertx, redisUrl());
    try {
      RedisAPI adminApi = RedisAPI.api(admin.connect().await(10, TimeUnit.SECONDS));
      String key = "key-" + UUID.randomUUID();
      adminApi.client(List.of("PAUSE", Long.toString(PAUSE_MS), "ALL")).await(10, TimeUnit.SECONDS);

      HttpResponse<Buffer> stalled = send(key, body);
      // The pausing connection's next command is held too: its answer is the signal that Redis is awake,
      // and the stalled claim ran in the same pass, before anything sent after it.
      adminApi.ping(List.of()).await(10, TimeUnit.SECONDS);
      long awake = System.nanoTime();
      HttpResponse<Buffer> retry = retryWhileInProgress(vertx, key, body);
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - awake);

      assertThat(stalled.statusCode()).isEqualTo(503);
      assertThat(retry.statusCode()).isEqualTo(201);
      assertThat(retry.getHeader(IdempotencyHandler.REPLAYED)).isNull();
      assertThat(waitedMs).as("ms the retry waited after Redis woke").isLessThan(1_000);
      assertThat(created).hasValue(2);
    } finally {
      admin.close();
    }
  }

  /** Sends again on 409 CONFLICT (in progress) every 100 ms, for at most 10 s. */
  private static HttpResponse<Buffer> retryWhileInProgress(Vertx vertx, String key, JsonObject body) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HttpResponse<Buffer> response = send(key, body);
    while (response.statusCode() == 409 && System.nanoTime() < until) {
      vertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      response = send(key, body);
    }
    return response;
  }
}
