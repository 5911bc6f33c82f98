package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TcpProxy;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The per-IP and per-user rate limits count in Redis, answer 429 past the limit, spare probes and fail open")
class RateLimitTest {
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private Vertx vertx;
  private Redis redis;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.redis = Redis.createClient(vertx, TestEnvironment.redisUrl());
  }

  @AfterEach
  void tearDown() throws Exception {
    // Servers first (they hold connections through the proxies), then proxies.
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
    redis.close();
  }

  /**
   * Each test counts under its own prefix below the run's prefix: other test classes hit the same
   * 127.0.0.1 counter with the default limit, and would otherwise eat into this one's five requests.
   */
  private static String freshPrefix() {
    return TestEnvironment.keyPrefix() + "rl-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  private WebClient startServer(JsonObject overrides) {
    return client(startTestServer(overrides));
  }

  private TestServer startTestServer(JsonObject overrides) {
    TestServer server = TestServer.start(overrides);
    toClose.add(server);
    return server;
  }

  private WebClient client(TestServer server) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.port()).setDefaultHost("127.0.0.1"));
    toClose.add(client::close);
    return client;
  }

  private static Future<HttpResponse<Buffer>> me(WebClient client, JsonObject session) {
    return client.get("/api/v1/users/me").putHeader("Authorization", "Bearer " + session.getString("accessToken")).send();
  }

  private static String userId(JsonObject session) {
    return session.getJsonObject("user").getString("id");
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> request) throws Exception {
    return request.await(20, TimeUnit.SECONDS);
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

  private List<String> keysUnder(String prefix) throws Exception {
    Response keys = RedisAPI.api(redis).keys(prefix + "*").await(10, TimeUnit.SECONDS);
    return keys.stream().map(Response::toString).toList();
  }

  @Test
  @DisplayName("requests carry RateLimit headers counting down, and the sixth of five is a 429 RATE_LIMITED with Retry-After")
  void overLimitRateLimitedWithHeaders() throws Exception {
    String prefix = freshPrefix();
    WebClient client = startServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 5).put("REDIS_KEY_PREFIX", prefix));

    for (int i = 1; i <= 5; i++) {
      HttpResponse<Buffer> response = await(client.get("/api/v1/anything").send());
      assertEnvelope(response, 404, "NOT_FOUND");
      assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("5");
      assertThat(response.getHeader("RateLimit-Remaining")).as("remaining after request %d", i).isEqualTo(Integer.toString(5 - i));
      assertThat(Integer.parseInt(response.getHeader("RateLimit-Reset"))).isBetween(1, 60);
    }

    HttpResponse<Buffer> limited = await(client.get("/api/v1/anything").send());
    assertEnvelope(limited, 429, "RATE_LIMITED");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(limited.getHeader("RateLimit-Limit")).isEqualTo("5");
    assertThat(limited.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(Integer.parseInt(limited.getHeader("RateLimit-Reset"))).isBetween(1, 60);

    // The counter lives in Redis, under this run's prefix (so parallel runs and other tests never share it).
    List<String> keys = keysUnder(prefix);
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).startsWith(TestEnvironment.keyPrefix()).startsWith(prefix);
    assertThat(RedisAPI.api(redis).get(keys.get(0)).await(10, TimeUnit.SECONDS).toLong()).isEqualTo(6);
  }

  @Test
  @DisplayName("probes are never limited: /health/live answers 200 after the limit is hit, without counting")
  void probeAfterLimitNotLimited() throws Exception {
    String prefix = freshPrefix();
    WebClient client = startServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 5).put("REDIS_KEY_PREFIX", prefix));
    int status = 0;
    for (int i = 0; i < 6; i++) {
      status = await(client.get("/api/v1/anything").send()).statusCode();
    }
    assertThat(status).as("the API path is limited by now").isEqualTo(429);

    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> probe = await(client.get("/health/live").send());
      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(probe.getHeader("RateLimit-Limit")).as("the limiter is not consulted for probes").isNull();
    }
    List<String> keys = keysUnder(prefix);
    assertThat(keys).hasSize(1);
    assertThat(RedisAPI.api(redis).get(keys.get(0)).await(10, TimeUnit.SECONDS).toLong())
        .as("probes did not add to the counter").isEqualTo(6);
  }

  @Test
  @DisplayName("with Redis unreachable the limit fails open (the API keeps answering), and limiting resumes when Redis is back")
  void redisDownFailsOpenThenResumes() throws Exception {
    URI redisUri = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = new TcpProxy(vertx, redisUri.getHost(), redisUri.getPort());
    toClose.add(proxy);
    String proxied = "redis://127.0.0.1:" + proxy.port() + redisUri.getPath();
    WebClient client = startServer(new JsonObject()
        .put("RATE_LIMIT_PER_MINUTE", 2)
        .put("REDIS_URL", proxied)
        .put("REDIS_KEY_PREFIX", freshPrefix()));

    // Through the proxy the limit works: the third request is limited.
    assertThat(await(client.get("/api/v1/anything").send()).statusCode()).isEqualTo(404);
    assertThat(await(client.get("/api/v1/anything").send()).statusCode()).isEqualTo(404);
    assertEnvelope(await(client.get("/api/v1/anything").send()), 429, "RATE_LIMITED");

    proxy.down();
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> response = await(client.get("/api/v1/anything").send());
      assertThat(response.statusCode()).as("request %d with Redis down", i).isEqualTo(404);
      assertEnvelope(response, 404, "NOT_FOUND");
    }

    int acceptedWhileDown = proxy.accepted();
    proxy.up();
    // The breaker half-opens 5 s after it opened; the counter (still 3 of 2 in Redis) then limits again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = await(client.get("/api/v1/anything").send()).statusCode();
      assertThat(status).as("while the breaker is open requests are served").isIn(404, 429);
      if (status == 429) {
        break;
      }
      vertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    assertThat(status).as("limiting resumed after Redis came back").isEqualTo(429);
    assertThat(proxy.accepted()).as("the server reconnected through the proxy").isGreaterThan(acceptedWhileDown);
  }

  @Test
  @DisplayName("past the per-user limit a user's requests are 429 RATE_LIMITED, while unauthenticated requests and another user still pass")
  void overUserLimitRateLimitsThatUserOnly() throws Exception {
    String prefix = freshPrefix();
    TestServer server = startTestServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 3).put("REDIS_KEY_PREFIX", prefix));
    WebClient client = client(server);
    ApiClient api = new ApiClient(vertx, server);
    JsonObject ada = api.registerPatient("Ada Limit");
    JsonObject bob = api.registerPatient("Bob Limit");

    for (int i = 1; i <= 3; i++) {
      HttpResponse<Buffer> response = await(me(client, ada));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("RateLimit-Limit")).as("the tighter (per-user) limit is shown").isEqualTo("3");
      assertThat(response.getHeader("RateLimit-Remaining")).as("remaining after request %d", i).isEqualTo(Integer.toString(3 - i));
    }
    HttpResponse<Buffer> limited = await(me(client, ada));
    assertEnvelope(limited, 429, "RATE_LIMITED");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(limited.getHeader("RateLimit-Limit")).isEqualTo("3");
    assertThat(limited.getHeader("RateLimit-Remaining")).isEqualTo("0");

    HttpResponse<Buffer> anonymous = await(client.get("/api/v1/anything").send());
    assertEnvelope(anonymous, 404, "NOT_FOUND");
    assertThat(anonymous.getHeader("RateLimit-Limit")).as("only the per-IP limit applies").isEqualTo("100000");
    assertEnvelope(await(client.get("/api/v1/users/me").send()), 401, "UNAUTHENTICATED");

    HttpResponse<Buffer> other = await(me(client, bob));
    assertThat(other.statusCode()).as("another user has a budget of their own").isEqualTo(200);
    assertThat(other.getHeader("RateLimit-Remaining")).isEqualTo("2");

    RedisAPI redisApi = RedisAPI.api(redis);
    assertThat(redisApi.get(prefix + "rl:user:" + userId(ada)).await(10, TimeUnit.SECONDS).toLong()).isEqualTo(4);
    assertThat(redisApi.get(prefix + "rl:user:" + userId(bob)).await(10, TimeUnit.SECONDS).toLong()).isEqualTo(1);
  }

  @Test
  @DisplayName("when the per-IP limit is the tighter one, an authenticated request shows the per-IP figures")
  void tighterIpLimitShown() throws Exception {
    TestServer server = startTestServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 5)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 100).put("REDIS_KEY_PREFIX", freshPrefix()));
    JsonObject ada = new ApiClient(vertx, server).registerPatient("Ada Tight");

    HttpResponse<Buffer> response = await(me(client(server), ada));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("5");
    assertThat(response.getHeader("RateLimit-Remaining")).as("registering took one, this request another").isEqualTo("3");
  }

  @Test
  @DisplayName("with Redis unreachable the per-user limit fails open too: a user past it keeps being served")
  void redisDownUserLimitFailsOpen() throws Exception {
    URI redisUri = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = new TcpProxy(vertx, redisUri.getHost(), redisUri.getPort());
    toClose.add(proxy);
    TestServer server = startTestServer(new JsonObject()
        .put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 1)
        .put("REDIS_URL", "redis://127.0.0.1:" + proxy.port() + redisUri.getPath())
        .put("REDIS_KEY_PREFIX", freshPrefix()));
    WebClient client = client(server);
    JsonObject ada = new ApiClient(vertx, server).registerPatient("Ada Outage");
    assertThat(await(me(client, ada)).statusCode()).isEqualTo(200);
    assertEnvelope(await(me(client, ada)), 429, "RATE_LIMITED");

    proxy.down();
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> response = await(me(client, ada));
      assertThat(response.statusCode()).as("request %d with Redis down", i).isEqualTo(200);
      assertThat(response.getHeader("RateLimit-Limit")).as("no limiter answered").isNull();
    }
  }
}
