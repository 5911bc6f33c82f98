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
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The per-IP and per-user rate limits answer 429 past the limit from memory, count across nodes through Redis, spare probes and never wait for Redis")
class RateLimitTest {
  /** Reconciliation interval of the servers started here: short, so the tests see Redis catch up quickly. */
  private static final int SYNC_MS = 100;
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
    TestServer server = TestServer.start(new JsonObject().put("RATE_LIMIT_SYNC_INTERVAL_MS", SYNC_MS).mergeIn(overrides));
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

  /** A request that the server sees as coming from {@code ip} (servers started with HTTP_ALLOW_FORWARDED=x_forward). */
  private static Future<HttpResponse<Buffer>> from(WebClient client, String ip) {
    return client.get("/api/v1/anything").putHeader("X-Forwarded-For", ip).send();
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

  /** What Redis holds for one client, all windows together (0 when nothing was pushed yet). */
  private long countInRedis(String clientPrefix) throws Exception {
    long total = 0;
    for (String key : keysUnder(clientPrefix)) {
      total += RedisAPI.api(redis).get(key).await(10, TimeUnit.SECONDS).toLong();
    }
    return total;
  }

  /** Polls {@code count} until it equals {@code expected} (the servers push every {@value #SYNC_MS} ms), for at most 10 s. */
  private long eventually(LongSupplier count, long expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long seen = count.getAsLong();
    while (seen != expected && System.nanoTime() < deadline) {
      vertx.timer(SYNC_MS, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      seen = count.getAsLong();
    }
    return seen;
  }

  private LongSupplier redisCount(String clientPrefix) {
    return () -> {
      try {
        return countInRedis(clientPrefix);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static long timed(Future<HttpResponse<Buffer>> request, int expectedStatus) throws Exception {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = await(request);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.statusCode()).isEqualTo(expectedStatus);
    return ms;
  }

  @Test
  @DisplayName("requests carry RateLimit headers counting down, the sixth of five is a 429 RATE_LIMITED with Retry-After, and Redis learns the count")
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

    // The count reaches Redis by the next reconciliation, under this run's prefix (so parallel runs never share it).
    assertThat(eventually(redisCount(prefix + "rl:ip:127.0.0.1:"), 6)).isEqualTo(6);
    assertThat(keysUnder(prefix)).singleElement().asString().startsWith(TestEnvironment.keyPrefix()).startsWith(prefix + "rl:ip:127.0.0.1:");
  }

  @Test
  @DisplayName("a client over its limit gets 429 with Retry-After while another client (another IP) is served")
  void overLimitClientOnly() throws Exception {
    WebClient client = startServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 3).put("HTTP_ALLOW_FORWARDED", "x_forward")
        .put("REDIS_KEY_PREFIX", freshPrefix()));
    for (int i = 0; i < 3; i++) {
      assertThat(await(from(client, "203.0.113.7")).statusCode()).isEqualTo(404);
    }
    HttpResponse<Buffer> limited = await(from(client, "203.0.113.7"));
    assertEnvelope(limited, 429, "RATE_LIMITED");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);

    HttpResponse<Buffer> other = await(from(client, "203.0.113.8"));
    assertEnvelope(other, 404, "NOT_FOUND");
    assertThat(other.getHeader("RateLimit-Remaining")).isEqualTo("2");
    assertThat(other.getHeader("Retry-After")).isNull();
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
    assertThat(eventually(redisCount(prefix + "rl:ip:"), 6)).isEqualTo(6);
    vertx.timer(3L * SYNC_MS, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    assertThat(countInRedis(prefix + "rl:ip:")).as("probes did not add to the counter").isEqualTo(6);
  }

  @Test
  @DisplayName("with Redis hung, requests are answered at once and the limit still holds; counting in Redis resumes when it answers again")
  void redisHungNoDelayLimitHolds() throws Exception {
    URI redisUri = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = new TcpProxy(vertx, redisUri.getHost(), redisUri.getPort());
    toClose.add(proxy);
    String prefix = freshPrefix();
    // A long Redis timeout: a request that waited for Redis would take seconds.
    WebClient client = startServer(new JsonObject()
        .put("RATE_LIMIT_PER_MINUTE", 2)
        .put("REDIS_URL", "redis://127.0.0.1:" + proxy.port() + redisUri.getPath())
        .put("REDIS_TIMEOUT_MS", 3000)
        .put("REDIS_KEY_PREFIX", prefix));
    assertThat(await(client.get("/api/v1/anything").send()).statusCode()).isEqualTo(404);
    assertThat(eventually(redisCount(prefix + "rl:ip:"), 1)).isEqualTo(1);

    proxy.stall();
    assertThat(timed(client.get("/api/v1/anything").send(), 404)).as("the second of two, Redis hung").isLessThan(1000);
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> response = await(client.get("/api/v1/anything").send());
      assertEnvelope(response, 429, "RATE_LIMITED");
    }
    assertThat(timed(client.get("/api/v1/anything").send(), 429)).as("refused at once, Redis hung").isLessThan(1000);

    proxy.resume();
    assertThat(await(client.get("/api/v1/anything").send()).statusCode()).as("still limited after Redis is back").isEqualTo(429);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (countInRedis(prefix + "rl:ip:") < 9 && System.nanoTime() < deadline) {
      vertx.timer(SYNC_MS, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    assertThat(countInRedis(prefix + "rl:ip:")).as("the hits reach Redis again, none twice").isBetween(2L, 9L);
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

    assertThat(eventually(redisCount(prefix + "rl:user:" + userId(ada) + ":"), 4)).isEqualTo(4);
    assertThat(eventually(redisCount(prefix + "rl:user:" + userId(bob) + ":"), 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("the per-user limit applies across IPs: one account spread over several addresses is refused past it")
  void userLimitAcrossIps() throws Exception {
    TestServer server = startTestServer(new JsonObject().put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 3).put("HTTP_ALLOW_FORWARDED", "x_forward").put("REDIS_KEY_PREFIX", freshPrefix()));
    WebClient client = client(server);
    JsonObject ada = new ApiClient(vertx, server).registerPatient("Ada Roaming");
    String token = "Bearer " + ada.getString("accessToken");
    for (int i = 1; i <= 3; i++) {
      HttpResponse<Buffer> response = await(client.get("/api/v1/users/me").putHeader("Authorization", token)
          .putHeader("X-Forwarded-For", "198.51.100." + i).send());
      assertThat(response.statusCode()).as("request %d, from its own IP", i).isEqualTo(200);
    }
    HttpResponse<Buffer> limited = await(client.get("/api/v1/users/me").putHeader("Authorization", token)
        .putHeader("X-Forwarded-For", "198.51.100.4").send());
    assertEnvelope(limited, 429, "RATE_LIMITED");
    assertThat(limited.getHeader("RateLimit-Limit")).isEqualTo("3");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
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
  @DisplayName("with Redis unreachable the per-user limit still holds on each node, and answers come at once")
  void redisDownUserLimitHolds() throws Exception {
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
      assertEnvelope(response, 429, "RATE_LIMITED");
      assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("1");
    }
    assertThat(timed(client.get("/api/v1/anything").send(), 404)).as("another request, Redis down").isLessThan(1000);
  }

  /**
   * Waits, if need be, until the per-minute window of {@code subject} has at least {@code leftMs} to run: a
   * test that counts across a window's end would see the count start again. The windows of a subject are
   * shifted by its String.hashCode (see ratelimit.Window), the same on every JVM.
   */
  private static void awaitWindowWithTimeLeft(String subject, long leftMs) throws InterruptedException {
    long windowMs = 60_000;
    long offset = Math.floorMod(subject.hashCode(), windowMs);
    long now = System.currentTimeMillis();
    long end = (Math.floorDiv(now + offset, windowMs) + 1) * windowMs - offset;
    if (end - now < leftMs) {
      Thread.sleep(end - now + 50);
    }
  }

  @Test
  @DisplayName("two servers sharing Redis and a key prefix enforce one limit together, up to one reconciliation of overshoot each")
  void twoServersShareTheLimit() throws Exception {
    String prefix = freshPrefix();
    JsonObject settings = new JsonObject().put("RATE_LIMIT_PER_MINUTE", 20).put("REDIS_KEY_PREFIX", prefix);
    WebClient a = startServer(settings.copy());
    WebClient b = startServer(settings.copy());
    awaitWindowWithTimeLeft("127.0.0.1", 15_000);
    // One client alternating between the two, 15 requests each, slowly enough for the servers to reconcile
    // in between: each alone would let all 15 through.
    int allowed = 0;
    for (int i = 0; i < 15; i++) {
      allowed += await(a.get("/api/v1/anything").send()).statusCode() == 404 ? 1 : 0;
      allowed += await(b.get("/api/v1/anything").send()).statusCode() == 404 ? 1 : 0;
      vertx.timer(3L * SYNC_MS, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    // A server adds the other's count at its next round only: it may let one request of the last pair through.
    assertThat(allowed).as("requests let through by both together").isBetween(20, 22);
    assertThat(eventually(redisCount(prefix + "rl:ip:127.0.0.1:"), 30)).as("both servers pushed all their counts").isEqualTo(30);
    assertEnvelope(await(a.get("/api/v1/anything").send()), 429, "RATE_LIMITED");
    assertEnvelope(await(b.get("/api/v1/anything").send()), 429, "RATE_LIMITED");
  }
}
