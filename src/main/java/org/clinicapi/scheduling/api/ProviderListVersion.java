package org.clinicapi.scheduling.api;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.redis.CacheVersion;
import org.clinicapi.config.RedisConfig;

/**
 * The version of everything GET /providers shows: the {@link CacheVersion} named {@value #NAME}
 * ({@code <REDIS_KEY_PREFIX>providers:version}). Every write that changes what the list shows (a profile, credentials
 * or verification, a schedule, time off, a booking, hold, reschedule, cancellation or status change, a review, a
 * provider's name or active flag, a location's time zone) calls {@link #bumped} after its commit and before its HTTP
 * response, so the writer's next read sees the change. Never fails (see {@link CacheVersion}).
 */
public final class ProviderListVersion {
  /** The cache's name: its keys are {@code <REDIS_KEY_PREFIX>providers:...}. */
  public static final String NAME = "providers";

  private final CacheVersion version;

  public ProviderListVersion(RedisAPI redis, RedisConfig config) {
    this.version = new CacheVersion(redis, config, NAME);
  }

  /** Bumps the version, then answers {@code value} (also when Redis is down). */
  public <T> Future<T> bumped(T value) {
    return version.bumped(value);
  }

  /** Bumps the version; never fails. */
  public Future<Void> bump() {
    return version.bump();
  }
}
