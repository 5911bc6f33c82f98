package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.redis.IdempotencyStore;
import org.clinicapi.support.TcpProxy;
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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Idempotency-Key: the first answer per caller and key is replayed, reuse and duplicates are refused, Redis down fails closed")
class IdempotencyHandlerTest {
  private static final String USER = "X-Test-User";
  private static final AtomicInteger created = new AtomicInteger();
  private static final AtomicInteger flakyCalls = new AtomicInteger();
  private static Vertx vertx;
  private static Redis redis;
  private static String prefix;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    IdempotencyHandlerTest.vertx = vertx;
    redis = Redis.createClient(vertx, TestEnvironment.redisUrl());
    prefix = TestEnvironment.keyPrefix() + "idem-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    server = serve(new IdempotencyStore(RedisAPI.api(redis), prefix, IdempotencyStore.LEASE_MS, 2_000));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"), new PoolOptions().setHttp1MaxSize(32));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    redis.close();
  }

  @BeforeEach
  void resetCounters() {
    created.set(0);
    flakyCalls.set(0);
  }

  /** Production handlers on a small router: a stand-in for authentication, then creating routes. */
  private static HttpServer serve(IdempotencyStore store) throws Exception {
    IdempotencyHandler idempotent = new IdempotencyHandler(store);
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.route().handler(BodyHandler.create(false));
    router.route().handler(ctx -> {
      String user = ctx.request().getHeader(USER);
      if (user != null) {
        ctx.put(CurrentUser.KEY, new CurrentUser(UUID.fromString(user), Role.PATIENT, Set.of(), null));
      }
      ctx.next();
    });
    // Answers a little later, so concurrent duplicates overlap the first one.
    router.post("/things").handler(idempotent).handler(ctx -> vertx.setTimer(20,
        t -> Responses.send(ctx, 201, new JsonObject().put("id", created.incrementAndGet()))));
    router.post("/flaky").handler(idempotent).handler(ctx -> {
      if (flakyCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("first call fails");
      }
      Responses.send(ctx, 201, new JsonObject().put("call", flakyCalls.get()));
    });
    router.route().failureHandler(new FailureHandler(7));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private static HttpRequest<Buffer> post(HttpServer target, String path, String user, String key) {
    HttpRequest<Buffer> request = client.post(target.actualPort(), "127.0.0.1", path);
    if (user != null) {
      request.putHeader(USER, user);
    }
    if (key != null) {
      request.putHeader(IdempotencyHandler.HEADER, key);
    }
    return request;
  }

  private static HttpResponse<Buffer> send(String path, String user, String key, JsonObject body) throws Exception {
    return post(server, path, user, key).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static List<String> keysUnder(String pattern) throws Exception {
    Response keys = RedisAPI.api(redis).keys(pattern).await(10, TimeUnit.SECONDS);
    return keys.stream().map(Response::toString).toList();
  }

  private static String user() {
    return UUID.randomUUID().toString();
  }

  private static String key() {
    return "key-" + UUID.randomUUID();
  }

  @Test
  @DisplayName("a retry with the same key and body replays the first status and body with Idempotent-Replayed: true, and the action runs once")
  void retryReplaysFirstAnswer() throws Exception {
    String user = user();
    String key = key();
    JsonObject body = new JsonObject().put("name", "x");
    HttpResponse<Buffer> first = send("/things", user, key, body);
    HttpResponse<Buffer> retry = send("/things", user, key, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader(IdempotencyHandler.REPLAYED)).isNull();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader(IdempotencyHandler.REPLAYED)).isEqualTo("true");
    assertThat(retry.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(retry.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(first.bodyAsJsonObject().getJsonObject("data").getInteger("id")).isEqualTo(1);
    assertThat(created).hasValue(1);
  }

  @Test
  @DisplayName("the same key with a different body or path is a 409 IDEMPOTENCY_KEY_REUSED and does not run")
  void sameKeyDifferentRequestRefused() throws Exception {
    String user = user();
    String key = key();
    assertThat(send("/things", user, key, new JsonObject().put("name", "x")).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> otherBody = send("/things", user, key, new JsonObject().put("name", "y"));
    HttpResponse<Buffer> otherPath = send("/flaky", user, key, new JsonObject().put("name", "x"));

    assertThat(otherBody.statusCode()).isEqualTo(409);
    assertThat(errorCode(otherBody)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(otherPath.statusCode()).isEqualTo(409);
    assertThat(errorCode(otherPath)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(created).hasValue(1);
    assertThat(flakyCalls).hasValue(0);
  }

  @Test
  @DisplayName("20 concurrent identical requests take effect once; the others get 409 CONFLICT (in progress, Retry-After: 1) or the replay")
  void concurrentDuplicatesRunOnce() throws Exception {
    String user = user();
    String key = key();
    JsonObject body = new JsonObject().put("name", "x");
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(post(server, "/things", user, key).sendJsonObject(body));
    }
    Future.join(requests).await(20, TimeUnit.SECONDS);

    assertThat(created).hasValue(1);
    List<HttpResponse<Buffer>> responses = requests.stream().map(Future::result).toList();
    assertThat(responses).filteredOn(r -> r.statusCode() == 201 && r.getHeader(IdempotencyHandler.REPLAYED) == null).hasSize(1);
    assertThat(responses).allSatisfy(r -> {
      if (r.statusCode() == 409) {
        assertThat(errorCode(r)).isEqualTo("CONFLICT");
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("in progress");
        assertThat(r.getHeader("Retry-After")).isEqualTo("1");
      } else {
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getJsonObject("data").getInteger("id")).isEqualTo(1);
      }
    });
  }

  @Test
  @DisplayName("the same key from two users, or from a user and an anonymous client, are independent")
  void keysScopedPerCaller() throws Exception {
    String key = key();
    JsonObject body = new JsonObject().put("name", "x");
    HttpResponse<Buffer> alice = send("/things", user(), key, body);
    HttpResponse<Buffer> bob = send("/things", user(), key, body);
    HttpResponse<Buffer> anonymous = send("/things", null, key, body);
    HttpResponse<Buffer> anonymousRetry = send("/things", null, key, body);

    assertThat(List.of(alice, bob, anonymous)).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(r.getHeader(IdempotencyHandler.REPLAYED)).isNull();
    });
    assertThat(anonymousRetry.getHeader(IdempotencyHandler.REPLAYED)).isEqualTo("true");
    assertThat(anonymousRetry.bodyAsString()).isEqualTo(anonymous.bodyAsString());
    assertThat(created).hasValue(3);
    // Anonymous callers are told apart by client IP.
    assertThat(keysUnder(prefix + "idem:ip:127.0.0.1:*")).isNotEmpty();
  }

  @Test
  @DisplayName("a 500 is not stored: the retry runs again, and its 201 is what is replayed from then on")
  void serverErrorNotStored() throws Exception {
    String user = user();
    String key = key();
    JsonObject body = new JsonObject().put("name", "x");
    HttpResponse<Buffer> failed = send("/flaky", user, key, body);
    HttpResponse<Buffer> retried = send("/flaky", user, key, body);
    HttpResponse<Buffer> replayed = send("/flaky", user, key, body);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(errorCode(failed)).isEqualTo("INTERNAL_ERROR");
    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.getHeader(IdempotencyHandler.REPLAYED)).isNull();
    assertThat(replayed.getHeader(IdempotencyHandler.REPLAYED)).isEqualTo("true");
    assertThat(replayed.bodyAsString()).isEqualTo(retried.bodyAsString());
    assertThat(flakyCalls).hasValue(2);
  }

  @Test
  @DisplayName("an empty, 256-character or non-visible-ASCII key is a 400 VALIDATION_ERROR naming the header; 255 characters is fine")
  void badKeyRejected() throws Exception {
    String user = user();
    JsonObject body = new JsonObject().put("name", "x");
    for (String bad : List.of("", "x".repeat(256), "has space", "caf\u00e9")) {
      HttpResponse<Buffer> response = send("/things", user, bad, body);
      assertThat(response.statusCode()).as("key %s", bad).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("VALIDATION_ERROR");
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field"))
          .isEqualTo("Idempotency-Key");
    }
    assertThat(created).hasValue(0);
    assertThat(send("/things", user, "x".repeat(255), body).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("without the header a request passes untouched and nothing is stored")
  void noHeaderPassesThrough() throws Exception {
    String user = user();
    JsonObject body = new JsonObject().put("name", "x");
    assertThat(send("/things", user, null, body).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = send("/things", user, null, body);

    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader(IdempotencyHandler.REPLAYED)).isNull();
    assertThat(created).hasValue(2);
    assertThat(keysUnder(prefix + "idem:user:" + user + ":*")).isEmpty();
  }

  @Test
  @DisplayName("the stored answer lives under the run's key prefix, without the raw key in its name, for at most 24 h")
  void storedUnderPrefixWithTtl() throws Exception {
    String user = user();
    String key = key();
    send("/things", user, key, new JsonObject().put("name", "x"));

    List<String> keys = keysUnder(prefix + "idem:user:" + user + ":*");
    assertThat(keys).singleElement().satisfies(k -> {
      assertThat(k).startsWith(TestEnvironment.keyPrefix()).doesNotContain(key);
    });
    long ttlMs = RedisAPI.api(redis).pttl(keys.get(0)).await(10, TimeUnit.SECONDS).toLong();
    assertThat(ttlMs).isBetween(TimeUnit.HOURS.toMillis(23), TimeUnit.HOURS.toMillis(24));
  }

  @Test
  @DisplayName("when Redis is unreachable a request with a key fails closed: 503 SERVICE_UNAVAILABLE with Retry-After, and it does not run")
  void redisDownFailsClosed() throws Exception {
    URI url = URI.create(TestEnvironment.redisUrl());
    try (TcpProxy proxy = new TcpProxy(vertx, url.getHost(), url.getPort())) {
      Redis viaProxy = Redis.createClient(vertx, "redis://127.0.0.1:" + proxy.port());
      HttpServer cut = serve(new IdempotencyStore(RedisAPI.api(viaProxy), prefix, IdempotencyStore.LEASE_MS, 1_000));
      try {
        JsonObject body = new JsonObject().put("name", "x");
        assertThat(post(cut, "/things", user(), key()).sendJsonObject(body).await(20, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        proxy.down();

        HttpResponse<Buffer> down = post(cut, "/things", user(), key()).sendJsonObject(body).await(20, TimeUnit.SECONDS);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(errorCode(down)).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(down.getHeader("Retry-After")).isEqualTo("7");
        assertThat(created).hasValue(1);
      } finally {
        cut.close().await(10, TimeUnit.SECONDS);
        viaProxy.close();
      }
    }
  }
}
