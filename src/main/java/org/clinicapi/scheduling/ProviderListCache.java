package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.common.redis.IdempotencyStore;
import org.clinicapi.common.redis.VersionedCache;
import org.clinicapi.config.RedisConfig;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.scheduling.api.ProviderQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/**
 * GET /providers pages in Redis ({@link VersionedCache} {@value ProviderListVersion#NAME}): {@code
 * <prefix>providers:list:<version>:<sha256 of the query>} holding the page's {@code {items, nextCursor}}, the version
 * bumped by every write the list shows ({@link ProviderListVersion}). A page lives {@link #TTL_MS} at most (the safety
 * net for changes nobody bumps for: holds expiring, time passing), and never past its earliest nextAvailableAt, which
 * stops being "next" then. Redis down or slow: the page comes from PostgreSQL, the same answer.
 */
final class ProviderListCache {
  static final long TTL_MS = 30_000;

  private final VersionedCache cache;

  ProviderListCache(RedisAPI redis, RedisConfig config) {
    this.cache = new VersionedCache(redis, config, ProviderListVersion.NAME);
  }

  /** The cached page of {@code query}, or {@code load}'s answer (then cached when Redis answered the version). */
  Future<JsonObject> page(ProviderQuery query, Supplier<Future<JsonObject>> load) {
    return cache.get(IdempotencyStore.sha256(query.canonical()), load, JsonObject::new, page -> ttl(page, Instant.now()));
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
