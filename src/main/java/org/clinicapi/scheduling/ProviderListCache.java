package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.redis.IdempotencyStore;
import org.clinicapi.config.RedisConfig;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.scheduling.api.ProviderQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * GET /providers pages in Redis, an accelerator only: {@code <prefix>providers:list:<version>:<sha256 of the query>}
 * holding the page's {@code {items, nextCursor}}. The version ({@link ProviderListVersion}) is read before the
 * database is asked, so a page computed while a write commits is stored under the old version and never served
 * after the write's bump. A page lives {@link #TTL_MS} at most (the safety net for changes nobody bumps for:
 * holds expiring, time passing), and never past its earliest nextAvailableAt, which stops being "next" then.
 * Redis down or slow: the page comes from PostgreSQL, the same answer; nothing waits longer than REDIS_TIMEOUT_MS.
 */
final class ProviderListCache {
  static final long TTL_MS = 30_000;

  private final RedisAPI redis;
  private final ProviderListVersion version;
  private final String prefix;
  private final long timeoutMs;

  ProviderListCache(RedisAPI redis, RedisConfig config) {
    this.redis = redis;
    this.version = new ProviderListVersion(redis, config);
    this.prefix = config.keyPrefix() + "providers:list:";
    this.timeoutMs = config.timeoutMs();
  }

  /** The cached page of {@code query}, or {@code load}'s answer (then cached when Redis answered the version). */
  Future<JsonObject> page(ProviderQuery query, Supplier<Future<JsonObject>> load) {
    String digest = IdempotencyStore.sha256(query.canonical());
    return version.current().compose(v -> {
      String key = prefix + v + ":" + digest;
      return redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS)
          .compose(hit -> hit != null ? Future.succeededFuture(new JsonObject(hit.toString()))
              : load.get().onSuccess(page -> store(key, page)), e -> load.get());
    }, e -> load.get());
  }

  private void store(String key, JsonObject page) {
    long ttl = ttl(page, Instant.now());
    // Best effort: a page that is not stored is computed again next time.
    redis.set(List.of(key, page.encode(), "PX", Long.toString(ttl))).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** {@link #TTL_MS}, or less: a page must not outlive the first nextAvailableAt it shows. */
  static long ttl(JsonObject page, Instant now) {
    long ttl = TTL_MS;
    for (Object item : page.getJsonArray("items")) {
      String next = ((JsonObject) item).getString("nextAvailableAt");
      if (next != null) {
        ttl = Math.min(ttl, OffsetDateTime.parse(next).toInstant().toEpochMilli() - now.toEpochMilli());
      }
    }
    return Math.max(1, ttl);
  }
}
