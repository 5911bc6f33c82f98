package org.clinicapi.common.redis;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.redis.IdempotencyStore.Claim;
import org.clinicapi.common.redis.IdempotencyStore.Outcome;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The idempotency store claims a key once, replays the stored answer, and lets only the claim's holder renew or settle it")
class IdempotencyStoreTest {
  private Redis redis;
  private RedisAPI api;
  private IdempotencyStore store;
  private String scope;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = Redis.createClient(vertx, TestEnvironment.redisUrl());
    api = RedisAPI.api(redis);
    store = new IdempotencyStore(api, TestEnvironment.keyPrefix(), IdempotencyStore.LEASE_MS, 2_000);
    scope = "user:" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  private Claim claim(String key, String hash) throws Exception {
    return store.claim(scope, key, hash).await(10, TimeUnit.SECONDS);
  }

  private long pttl(String key) throws Exception {
    return api.pttl(store.redisKey(scope, key)).await(10, TimeUnit.SECONDS).toLong();
  }

  private boolean exists(String key) throws Exception {
    return api.exists(List.of(store.redisKey(scope, key))).await(10, TimeUnit.SECONDS).toInteger() == 1;
  }

  /** Claims {@code key} again every 50 ms while it is IN_PROGRESS, for at most 10 s; the ms it took to get NEW. */
  private long msUntilFree(IdempotencyStore on, String key, long since, Vertx vertx) throws Exception {
    while (on.claim(scope, key, "h1").await(10, TimeUnit.SECONDS).outcome() == Outcome.IN_PROGRESS) {
      assertThat(System.nanoTime() - since).as("still claimed after 10 s").isLessThan(TimeUnit.SECONDS.toNanos(10));
      vertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  @Test
  @DisplayName("first claim is NEW with a short TTL, a second is IN_PROGRESS, after complete it is REPLAY for 24 h, another request is MISMATCH")
  void claimLifecycle() throws Exception {
    Claim first = claim("k", "h1");
    assertThat(first.outcome()).isEqualTo(Outcome.NEW);
    assertThat(first.token()).isNotBlank();
    assertThat(pttl("k")).isBetween(1L, IdempotencyStore.LEASE_MS);
    assertThat(claim("k", "h1").outcome()).isEqualTo(Outcome.IN_PROGRESS);
    assertThat(claim("k", "h2").outcome()).isEqualTo(Outcome.MISMATCH);

    Buffer body = Buffer.buffer("{\"success\":true,\"data\":{\"name\":\"Zo\u00eb\"}}");
    assertThat(store.complete(scope, "k", first.token(), 201, body).await(10, TimeUnit.SECONDS)).isTrue();

    Claim replay = claim("k", "h1");
    assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(body);
    assertThat(pttl("k")).isBetween(IdempotencyStore.RETAIN_MS - 60_000, IdempotencyStore.RETAIN_MS);
    assertThat(claim("k", "h2").outcome()).isEqualTo(Outcome.MISMATCH);
  }

  @Test
  @DisplayName("complete and release with a token that does not hold the claim change nothing; the holder's release frees the key")
  void onlyHolderSettles() throws Exception {
    Claim first = claim("k", "h1");
    assertThat(store.complete(scope, "k", "not-the-token", 201, Buffer.buffer("{}")).await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(store.release(scope, "k", "not-the-token").await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(claim("k", "h1").outcome()).isEqualTo(Outcome.IN_PROGRESS);

    assertThat(store.release(scope, "k", first.token()).await(10, TimeUnit.SECONDS)).isTrue();
    Claim again = claim("k", "h2");
    assertThat(again.outcome()).isEqualTo(Outcome.NEW);
    // The first holder, late, cannot overwrite the claim its retry now holds.
    assertThat(store.complete(scope, "k", first.token(), 500, Buffer.buffer("{}")).await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(claim("k", "h2").outcome()).isEqualTo(Outcome.IN_PROGRESS);
  }

  @Test
  @DisplayName("the same key in two scopes is two entries")
  void scopesIndependent() throws Exception {
    assertThat(claim("k", "h1").outcome()).isEqualTo(Outcome.NEW);
    assertThat(store.claim("ip:127.0.0.1-" + UUID.randomUUID(), "k", "h1").await(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.NEW);
  }

  @Test
  @DisplayName("a running claim whose owner never renews nor settles it frees within the lease (5 s), not a minute")
  void abandonedClaimFreesWithinLease(Vertx vertx) throws Exception {
    long claimed = System.nanoTime();
    assertThat(claim("k", "h1").outcome()).isEqualTo(Outcome.NEW);
    assertThat(claim("k", "h1").outcome()).isEqualTo(Outcome.IN_PROGRESS);

    long freedAfterMs = msUntilFree(store, "k", claimed, vertx);

    assertThat(freedAfterMs).isBetween(IdempotencyStore.LEASE_MS - 500, IdempotencyStore.LEASE_MS + 500);
  }

  @Test
  @DisplayName("its owner's renewals keep a claim past its lease; once they stop it frees within one lease; others' renewals do nothing")
  void renewalsKeepClaimUntilTheyStop(Vertx vertx) throws Exception {
    IdempotencyStore shortLease = new IdempotencyStore(api, TestEnvironment.keyPrefix(), 400, 2_000);
    Claim first = shortLease.claim(scope, "k", "h1").await(10, TimeUnit.SECONDS);
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_200)) {
      vertx.timer(100, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
      assertThat(shortLease.renew(scope, "k", first.token()).await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(shortLease.renew(scope, "k", "not-the-token").await(10, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(shortLease.claim(scope, "k", "h1").await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.IN_PROGRESS);

    long freedAfterMs = msUntilFree(shortLease, "k", System.nanoTime(), vertx);

    assertThat(freedAfterMs).isLessThanOrEqualTo(400 + 200);
    // The lost owner can neither renew nor settle what the new claim holds.
    assertThat(shortLease.renew(scope, "k", first.token()).await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(shortLease.complete(scope, "k", first.token(), 201, Buffer.buffer("{}")).await(10, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  @DisplayName("renewing a completed key does nothing: the stored answer keeps its 24 h")
  void renewAfterCompleteKeepsRetention() throws Exception {
    Claim first = claim("k", "h1");
    assertThat(store.complete(scope, "k", first.token(), 201, Buffer.buffer("{}")).await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(store.renew(scope, "k", first.token()).await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(pttl("k")).isGreaterThan(IdempotencyStore.RETAIN_MS - 60_000);
  }

  @Test
  @DisplayName("a claim that reaches Redis after its deadline writes nothing and fails as late; one in time is NEW")
  void lateClaimLeavesNothing() throws Exception {
    long past = System.currentTimeMillis() - 1_000;
    Throwable late = store.claim(scope, "k", "h1", past).map(c -> (Throwable) null).otherwise(e -> e).await(10, TimeUnit.SECONDS);

    assertThat(late).isInstanceOf(IdempotencyStore.LateClaimException.class).hasMessageContaining("after its deadline");
    assertThat(exists("k")).isFalse();
    assertThat(store.claim(scope, "k", "h1", System.currentTimeMillis() + 2_000).await(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.NEW);
  }
}
