package org.clinicapi.http.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.support.TcpProxy;
import org.clinicapi.support.TestEnvironment;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two limiters with their own reconciliation and Redis client stand for two processes of one cluster: they share
 * the run's Redis and a key prefix, as two nodes with the same REDIS_KEY_PREFIX do.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Reconciling with Redis makes the nodes enforce the limit together, and Redis being down changes no answer")
class RateLimitSyncTest {
  private static final long MINUTE = 60_000;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  /**
   * Every node of a test reads this one instant: each client's window ends somewhere in the minute, so on a
   * slow machine a running clock would start new windows for some clients mid-test.
   */
  private final long now = System.currentTimeMillis();
  private Vertx vertx;
  private String prefix;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.prefix = TestEnvironment.keyPrefix() + "rl-sync-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** One node: its limiter and the reconciliation that pushes it to Redis at {@code redisUrl}. */
  private record Node(LocalRateLimiter limiter, RateLimitSync sync) {
    int allowedOf(int requests, String subject) {
      int allowed = 0;
      for (int i = 0; i < requests; i++) {
        if (limiter.hit(subject).allowed()) {
          allowed++;
        }
      }
      return allowed;
    }

    void reconcile() throws Exception {
      sync.run().await(10, TimeUnit.SECONDS);
    }
  }

  private Node node(int limit, String redisUrl, long timeoutMs) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    toClose.add(redis::close);
    LocalRateLimiter limiter = new LocalRateLimiter("ip", limit, MINUTE, 10_000, () -> now);
    return new Node(limiter, new RateLimitSync(redis, prefix, timeoutMs, List.of(limiter), () -> now));
  }

  private long countInRedis(String subject) throws Exception {
    Redis redis = Redis.createClient(vertx, TestEnvironment.redisUrl());
    try {
      Response keys = RedisAPI.api(redis).keys(prefix + "rl:ip:" + subject + ":*").await(10, TimeUnit.SECONDS);
      long total = 0;
      for (Response key : keys) {
        total += RedisAPI.api(redis).get(key.toString()).await(10, TimeUnit.SECONDS).toLong();
      }
      return total;
    } finally {
      redis.close();
    }
  }

  /** Hits and reconciles until Redis has a count for {@code subject} (a reconnect may take a few rounds); at most 10 rounds. */
  private void syncUntilCounted(Node node, String subject) throws Exception {
    for (int round = 0; round < 10; round++) {
      node.allowedOf(1, subject);
      try {
        node.reconcile();
        if (countInRedis(subject) > 0) {
          return;
        }
      } catch (Exception reconnecting) {
        vertx.timer(200, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      }
    }
    throw new AssertionError("the hits of " + subject + " never reached Redis");
  }

  @Test
  @DisplayName("limit 20, two nodes each serving 15: after reconciling both refuse, with at most one interval of overshoot")
  void twoNodesEnforceTheLimitTogether() throws Exception {
    Node a = node(20, TestEnvironment.redisUrl(), 2000);
    Node b = node(20, TestEnvironment.redisUrl(), 2000);
    assertThat(a.allowedOf(15, "10.1.1.1")).as("each node alone is under the limit").isEqualTo(15);
    assertThat(b.allowedOf(15, "10.1.1.1")).isEqualTo(15);

    a.reconcile();
    b.reconcile();
    assertThat(b.limiter().hit("10.1.1.1").allowed()).as("b reconciled after a: it knows the client's 30").isFalse();
    // a reconciled before b pushed: until a's next round it knows only its own 15 (the documented overshoot).
    Decision stale = a.limiter().hit("10.1.1.1");
    assertThat(stale.allowed()).isTrue();
    a.reconcile();
    Decision refused = a.limiter().hit("10.1.1.1");
    assertThat(refused.allowed()).as("a, after its next round").isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(countInRedis("10.1.1.1")).as("every hit of both nodes once in the shared counter").isEqualTo(31);

    assertThat(b.allowedOf(5, "10.1.1.2")).as("another client has its own budget").isEqualTo(5);
  }

  @Test
  @DisplayName("more clients than one batch holds are all reconciled: each node learns every client's total")
  void manyClientsReconciledInBatches() throws Exception {
    Node a = node(2, TestEnvironment.redisUrl(), 5000);
    Node b = node(2, TestEnvironment.redisUrl(), 5000);
    int clients = 2 * RateLimitSync.KEYS_PER_BATCH + 100;
    for (int i = 0; i < clients; i++) {
      a.limiter().hit("10.5." + i);
      b.limiter().hit("10.5." + i);
    }
    a.reconcile();
    b.reconcile();
    int refused = 0;
    for (int i = 0; i < clients; i++) {
      if (!b.limiter().hit("10.5." + i).allowed()) {
        refused++;
      }
    }
    assertThat(refused).as("b knows a's hit of every client: a third hit is one too many").isEqualTo(clients);
  }

  @Test
  @DisplayName("with Redis hung a round fails after the timeout and rounds go on; the local limit holds meanwhile; nothing counts twice")
  void redisHungRoundTimesOutLocalLimitHolds() throws Exception {
    URI redisUri = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = new TcpProxy(vertx, redisUri.getHost(), redisUri.getPort());
    toClose.add(proxy);
    Node node = node(5, "redis://127.0.0.1:" + proxy.port() + redisUri.getPath(), 300);
    assertThat(node.allowedOf(2, "10.3.3.3")).isEqualTo(2);
    node.reconcile();
    assertThat(countInRedis("10.3.3.3")).isEqualTo(2);

    proxy.stall();
    long started = System.nanoTime();
    assertThat(node.allowedOf(10, "10.3.3.3")).as("the local limit still holds").isEqualTo(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("answered without waiting for Redis").isLessThan(100);
    assertThatThrownBy(node::reconcile).as("the round gives up after its timeout");
    node.allowedOf(1, "10.3.3.3");
    assertThatThrownBy(node::reconcile).as("and the next round runs (not stuck behind the hung one)");

    proxy.resume();
    syncUntilCounted(node, "10.3.3.3");
    // 2 before, 11 in the rounds given up (they may still land once the proxy forwards them), 1 or more after.
    assertThat(countInRedis("10.3.3.3")).as("a round given up is never pushed again").isBetween(3L, 2 + 11 + 10L);
  }

  @Test
  @DisplayName("with Redis down the rounds fail fast and each node keeps its own limit; counting across nodes resumes when it is back")
  void redisDownLocalLimitThenResumes() throws Exception {
    URI redisUri = URI.create(TestEnvironment.redisUrl());
    TcpProxy proxy = new TcpProxy(vertx, redisUri.getHost(), redisUri.getPort());
    toClose.add(proxy);
    Node node = node(3, "redis://127.0.0.1:" + proxy.port() + redisUri.getPath(), 2000);
    proxy.down();
    assertThat(node.allowedOf(10, "10.4.4.4")).isEqualTo(3);
    assertThatThrownBy(node::reconcile);

    proxy.up();
    syncUntilCounted(node, "10.4.4.4");
    assertThat(node.limiter().hit("10.4.4.4").allowed()).as("still refused: the local count survived the outage").isFalse();
  }
}
