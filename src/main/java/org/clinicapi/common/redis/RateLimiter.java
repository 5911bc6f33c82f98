package org.clinicapi.common.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

/**
 * Fixed-window counter in Redis, atomic through one Lua script: increment, start the window on the
 * first hit, report the count and the time left.
 */
public final class RateLimiter {
  private static final LuaScript HIT = new LuaScript("""
      local count = redis.call('INCR', KEYS[1])
      if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
      return {count, ttl}
      """);

  private final RedisAPI redis;
  private final String keyPrefix;
  private final int limit;
  private final String windowMs;

  public RateLimiter(RedisAPI redis, String keyPrefix, int limit, long windowMs) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.limit = limit;
    this.windowMs = Long.toString(windowMs);
  }

  /** Counts one hit for {@code subject} (an IP, an account) and says whether it is within the limit. */
  public Future<Decision> hit(String subject) {
    return HIT.run(redis, keyPrefix + subject, windowMs).map(this::decide);
  }

  private Decision decide(Response reply) {
    long count = reply.get(0).toLong();
    long ttlMs = Math.max(0, reply.get(1).toLong());
    long resetSeconds = Math.max(1, (ttlMs + 999) / 1000);
    return new Decision(count <= limit, limit, Math.max(0, limit - count), resetSeconds);
  }

  /** The outcome of a hit, with what the RateLimit-* headers need. */
  public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {
  }
}
