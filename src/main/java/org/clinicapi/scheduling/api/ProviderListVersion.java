package org.clinicapi.scheduling.api;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.config.RedisConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The version of everything GET /providers shows, a counter in Redis ({@code <REDIS_KEY_PREFIX>providers:version}).
 * Cached pages are stored under the version read before their query ran, so bumping it makes every cached page
 * unreachable at once. Every write that changes what the list shows (a profile, credentials or verification, a
 * schedule, time off, a booking, hold, reschedule, cancellation or status change, a review, a provider's name or
 * active flag, a location's time zone) calls {@link #bumped} after its commit and before its HTTP response, so the
 * writer's next read sees the change.
 *
 * <p>Never fails: Redis down delays nothing but the cache. A bump that did not reach Redis is remembered in this
 * process and made before the next cached read here; other processes' pages live at most their TTL.
 */
public final class ProviderListVersion {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderListVersion.class);
  /** A bump that failed in this process, owed to Redis before the cache is trusted again. */
  private static final AtomicBoolean OWED = new AtomicBoolean();

  private final RedisAPI redis;
  private final String key;
  private final long timeoutMs;

  public ProviderListVersion(RedisAPI redis, RedisConfig config) {
    this.redis = redis;
    this.key = config.keyPrefix() + "providers:version";
    this.timeoutMs = config.timeoutMs();
  }

  /** Bumps the version, then answers {@code value} (also when Redis is down). */
  public <T> Future<T> bumped(T value) {
    return bump().map(value);
  }

  /** Bumps the version; never fails. */
  public Future<Void> bump() {
    return redis.incr(key).timeout(timeoutMs, TimeUnit.MILLISECONDS).<Void>mapEmpty().recover(e -> {
      OWED.set(true);
      LOG.warn("provider list cache version not bumped ({}); cached pages may live until their TTL", e.toString());
      return Future.succeededFuture();
    });
  }

  /** The current version ("0" before the first bump); fails when Redis does not answer. Pays an owed bump first. */
  public Future<String> current() {
    Future<Void> owed = OWED.compareAndSet(true, false)
        ? redis.incr(key).timeout(timeoutMs, TimeUnit.MILLISECONDS).<Void>mapEmpty().onFailure(e -> OWED.set(true))
        : Future.succeededFuture();
    return owed.compose(v -> redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .map(reply -> reply == null ? "0" : reply.toString());
  }
}
