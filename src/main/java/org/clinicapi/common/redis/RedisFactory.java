package org.clinicapi.common.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.clinicapi.config.RedisConfig;

/** A pooled Redis client with bounded waiters and a short connect timeout, so an outage fails fast. */
public final class RedisFactory {
  private RedisFactory() {
  }

  public static Redis create(Vertx vertx, RedisConfig config) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.url())
        .setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(config.poolSize() * 64)
        .setMaxWaitingHandlers(4096);
    options.getNetClientOptions().setConnectTimeout(config.timeoutMs()).setTcpNoDelay(true);
    return Redis.createClient(vertx, options);
  }
}
