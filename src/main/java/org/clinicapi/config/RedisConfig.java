package org.clinicapi.config;

import java.net.URI;

public record RedisConfig(String url, String keyPrefix, int poolSize, int timeoutMs) {

  public boolean configured() {
    return !url.isEmpty();
  }

  static RedisConfig read(SettingsReader in) {
    RedisConfig redis = new RedisConfig(
        in.string("REDIS_URL"),
        in.string("REDIS_KEY_PREFIX"),
        in.integer("REDIS_POOL_SIZE", 1, 1000),
        in.integer("REDIS_TIMEOUT_MS", 10, 60_000));
    if (redis.configured()) {
      try {
        String scheme = URI.create(redis.url).getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
          in.problem("REDIS_URL", "must start with redis:// or rediss://");
        }
      } catch (IllegalArgumentException e) {
        in.problem("REDIS_URL", "is not of the form redis://host:port/db");
      }
    }
    return redis;
  }
}
