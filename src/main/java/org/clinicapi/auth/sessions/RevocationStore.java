package org.clinicapi.auth.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.clinicapi.auth.api.RevokedSessions;
import org.clinicapi.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Revoked sessions shared by every node: an event-bus broadcast for this process (and every node of a
 * clustered bus), a Redis publish for every other running process, and a Redis sorted set (member session
 * id, score the time after which its access tokens are expired anyway) for nodes that start later. The
 * durable record is {@code sessions.revoked_at} in PostgreSQL, committed before this is called: a node
 * reloads from it whenever its Redis subscription is (re)established ({@link RevocationSubscriber}), so a
 * revocation that Redis missed (down) or lost (restarted empty) still reaches every node.
 */
public final class RevocationStore {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationStore.class);
  private final RedisAPI redis;
  private final String key;
  private final String channel;
  private final long timeoutMs;

  public RevocationStore(RedisAPI redis, String keyPrefix, long timeoutMs) {
    this.redis = redis;
    this.key = keyPrefix + "auth:revoked-sessions";
    this.channel = keyPrefix + "auth:revocations";
    this.timeoutMs = timeoutMs;
  }

  /** The Redis channel other processes subscribe to ({@link RevocationSubscriber}). */
  String channel() {
    return channel;
  }

  /**
   * Broadcast first (on the bus: this process, and every node of a cluster), so their tokens are refused at once
   * whatever Redis does; then Redis, for processes not on this bus,
   * given REDIS_TIMEOUT_MS. Without Redis the revocation still succeeds (it is in PostgreSQL): the other
   * processes' subscriptions are down too, and they reload from PostgreSQL when they come back.
   */
  public Future<Void> revoke(Vertx vertx, Collection<UUID> sessionIds, long untilEpochMs) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(List.of(key));
    JsonArray ids = new JsonArray();
    sessionIds.forEach(id -> {
      args.add(Long.toString(untilEpochMs));
      args.add(id.toString());
      ids.add(id.toString());
    });
    JsonObject event = new JsonObject().put("sessionIds", ids).put("until", untilEpochMs);
    vertx.eventBus().publish(Addresses.AUTH_SESSIONS_REVOKED, event);
    return redis.zadd(args)
        .compose(r -> redis.zremrangebyscore(key, "-inf", Long.toString(System.currentTimeMillis())))
        .compose(r -> redis.publish(channel, event.encode()))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("{} session revocation(s) not written to Redis (other processes reload them from PostgreSQL when their"
              + " Redis subscription is back): {}", sessionIds.size(), e.toString());
          return Future.succeededFuture();
        });
  }

  /** Loads what Redis still holds into a node's list. */
  Future<Void> loadInto(RevocationList list) {
    return redis.zrangebyscore(List.of(key, Long.toString(System.currentTimeMillis()), "+inf", "WITHSCORES"))
        .map(reply -> {
          boolean nested = reply.size() > 0 && reply.get(0).type() == ResponseType.MULTI;
          int step = nested ? 1 : 2;
          for (int i = 0; i + step - 1 < reply.size(); i += step) {
            Response member = nested ? reply.get(i).get(0) : reply.get(i);
            Response score = nested ? reply.get(i).get(1) : reply.get(i + 1);
            list.revoke(List.of(UUID.fromString(member.toString())), (long) Double.parseDouble(score.toString()));
          }
          return null;
        });
  }

  /** Applies the durable record (PostgreSQL's) to a node's list. */
  static void apply(RevokedSessions revoked, RevocationList list) {
    revoked.sessions().forEach(s -> list.revoke(List.of(s.sessionId()), s.untilEpochMs()));
  }

  /** Applies a broadcast to a node's list. */
  public static void apply(JsonObject event, RevocationList list) {
    List<UUID> ids = event.getJsonArray("sessionIds").stream().map(o -> UUID.fromString(o.toString())).toList();
    list.revoke(ids, event.getLong("until"));
  }
}
