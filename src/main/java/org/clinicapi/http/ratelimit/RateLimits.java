package org.clinicapi.http.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.Redis;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.LimitsConfig;

import java.util.List;

/**
 * The per-IP and per-user limits of one process, shared by all its HTTP verticles (so a client counts once
 * whichever event loop serves it), and their reconciliation with Redis on a timer. The first verticle to
 * {@link #acquire} builds them, with a Redis client of their own; the last to {@link #release} closes them.
 */
public final class RateLimits implements Shareable {
  private static final String KEY = "clinic.rate-limits";
  private static final long WINDOW_MS = 60_000;

  private final LocalRateLimiter perIp;
  private final LocalRateLimiter perUser;
  private final Redis redis;
  private final RateLimitSync sync;
  private final long timer;
  private int users;

  private RateLimits(Vertx vertx, AppConfig config) {
    LimitsConfig limits = config.limits();
    perIp = new LocalRateLimiter("ip", limits.ratePerMinute(), WINDOW_MS, limits.rateLimitMaxClients(), System::currentTimeMillis);
    perUser = new LocalRateLimiter("user", limits.ratePerUserPerMinute(), WINDOW_MS, limits.rateLimitMaxClients(),
        System::currentTimeMillis);
    redis = RedisFactory.create(vertx, config.redis());
    sync = new RateLimitSync(redis, config.redis().keyPrefix(), config.redis().timeoutMs(),
        List.of(perIp, perUser), System::currentTimeMillis);
    // On the context of the verticle that built it: the timer ends with that deployment at the latest.
    timer = vertx.setPeriodic(limits.rateLimitSyncMs(), id -> sync.run());
  }

  /** This process's limits, built on first use from {@code config} (every HTTP verticle has the same). */
  public static RateLimits acquire(Vertx vertx, AppConfig config) {
    synchronized (RateLimits.class) {
      RateLimits limits = (RateLimits) vertx.sharedData().getLocalMap(KEY).get(KEY);
      if (limits == null) {
        limits = new RateLimits(vertx, config);
        vertx.sharedData().getLocalMap(KEY).put(KEY, limits);
      }
      limits.users++;
      return limits;
    }
  }

  /** Called once per {@link #acquire}: the last one stops the reconciliation and closes its Redis client. */
  public void release(Vertx vertx) {
    synchronized (RateLimits.class) {
      if (--users > 0) {
        return;
      }
      vertx.sharedData().getLocalMap(KEY).remove(KEY);
    }
    vertx.cancelTimer(timer);
    sync.stop();
    redis.close();
  }

  public LocalRateLimiter perIp() {
    return perIp;
  }

  public LocalRateLimiter perUser() {
    return perUser;
  }
}
