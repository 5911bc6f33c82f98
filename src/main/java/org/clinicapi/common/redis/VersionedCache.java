package org.clinicapi.common.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.config.RedisConfig;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Answers of one read in Redis, an accelerator only: {@code <REDIS_KEY_PREFIX><name>:list:<version>:<id>}. The
 * {@link CacheVersion} is read before the database is asked, so an answer computed while a write commits is stored
 * under the old version and never served after the write's bump. Redis down or slow: the answer comes from
 * {@code load}, the same answer; nothing waits longer than REDIS_TIMEOUT_MS.
 */
public final class VersionedCache {
  private final RedisAPI redis;
  private final CacheVersion version;
  private final String prefix;
  private final long timeoutMs;

  public VersionedCache(RedisAPI redis, RedisConfig config, String name) {
    this.redis = redis;
    this.version = new CacheVersion(redis, config, name);
    this.prefix = config.keyPrefix() + name + ":list:";
    this.timeoutMs = config.timeoutMs();
  }

  /** The version writers bump. */
  public CacheVersion version() {
    return version;
  }

  /**
   * The cached answer {@code id}, or {@code load}'s (then cached for {@code ttlMs} of it when Redis answered the
   * version). A value is stored as its {@code toString()} (JsonObject, JsonArray) and read back by {@code decode}.
   */
  public <T> Future<T> get(String id, Supplier<Future<T>> load, Function<String, T> decode, ToLongFunction<T> ttlMs) {
    return version.current().compose(v -> {
      String key = prefix + v + ":" + id;
      return redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS)
          .compose(hit -> hit != null ? Future.succeededFuture(decode.apply(hit.toString()))
              : load.get().onSuccess(value -> store(key, value.toString(), ttlMs.applyAsLong(value))), e -> load.get());
    }, e -> load.get());
  }

  private void store(String key, String value, long ttlMs) {
    // Best effort: an answer that is not stored is computed again next time.
    redis.set(List.of(key, value, "PX", Long.toString(Math.max(1, ttlMs)))).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
