package org.clinicapi.common.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.config.RedisConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The version of a cached read ({@code name}: "providers", "locations"), a counter in Redis
 * ({@code <REDIS_KEY_PREFIX><name>:version}). Cached answers are stored under the version read before their query
 * ran, so bumping it makes every cached answer of that read unreachable at once. Writes call {@link #bumped} after
 * their commit and before their HTTP response, so the writer's next read sees the change.
 *
 * <p>Never fails: Redis down delays nothing but the cache. A bump that did not reach Redis is remembered in this
 * process and made before the next cached read here; other processes' answers live at most their TTL.
 */
public final class CacheVersion {
  private static final Logger LOG = LoggerFactory.getLogger(CacheVersion.class);
  /** Version keys whose bump failed in this process, owed to Redis before their cache is trusted again. */
  private static final Map<String, AtomicBoolean> OWED = new ConcurrentHashMap<>();

  private final RedisAPI redis;
  private final String key;
  private final long timeoutMs;
  private final AtomicBoolean owed;

  public CacheVersion(RedisAPI redis, RedisConfig config, String name) {
    this.redis = redis;
    this.key = config.keyPrefix() + name + ":version";
    this.timeoutMs = config.timeoutMs();
    // Shared by every instance of this key: the routes that bump and the cache that reads are different objects.
    this.owed = OWED.computeIfAbsent(key, k -> new AtomicBoolean());
  }

  /** Bumps the version, then answers {@code value} (also when Redis is down). */
  public <T> Future<T> bumped(T value) {
    return bump().map(value);
  }

  /** Bumps the version; never fails. */
  public Future<Void> bump() {
    return incr().recover(e -> {
      owed.set(true);
      LOG.warn("cache version {} not bumped ({}); cached answers may live until their TTL", key, e.toString());
      return Future.succeededFuture();
    });
  }

  /** The current version ("0" before the first bump); fails when Redis does not answer. Pays an owed bump first. */
  public Future<String> current() {
    Future<Void> paid = owed.compareAndSet(true, false) ? incr().onFailure(e -> owed.set(true)) : Future.succeededFuture();
    return paid.compose(v -> redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .map(reply -> reply == null ? "0" : reply.toString());
  }

  private Future<Void> incr() {
    return redis.incr(key).timeout(timeoutMs, TimeUnit.MILLISECONDS).mapEmpty();
  }
}
