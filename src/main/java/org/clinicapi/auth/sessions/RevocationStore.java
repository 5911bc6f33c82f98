package org.clinicapi.auth.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.clinicapi.bus.Addresses;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Revoked sessions shared by every node: a Redis sorted set (member session id, score the time after
 * which its access tokens are expired anyway) for nodes that start later, a local event-bus broadcast
 * for this process, and a Redis publish for every other running process. Written before the revoking
 * request answers.
 */
public final class RevocationStore {
  private final RedisAPI redis;
  private final String key;
  private final String channel;

  public RevocationStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.key = keyPrefix + "auth:revoked-sessions";
    this.channel = keyPrefix + "auth:revocations";
  }

  /** The Redis channel other processes subscribe to ({@link RevocationSubscriber}). */
  String channel() {
    return channel;
  }

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
    return redis.zadd(args)
        .compose(r -> redis.zremrangebyscore(key, "-inf", Long.toString(System.currentTimeMillis())))
        .compose(r -> {
          JsonObject event = new JsonObject().put("sessionIds", ids).put("until", untilEpochMs);
          // The bus reaches this process (and, clustered, every node) at once; Redis reaches every other process.
          vertx.eventBus().publish(Addresses.AUTH_SESSIONS_REVOKED, event);
          return redis.publish(channel, event.encode());
        })
        .mapEmpty();
  }

  /** Loads what is still revoked into a node's list (at HTTP verticle start). */
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

  /** Applies a broadcast to a node's list. */
  public static void apply(JsonObject event, RevocationList list) {
    List<UUID> ids = event.getJsonArray("sessionIds").stream().map(o -> UUID.fromString(o.toString())).toList();
    list.revoke(ids, event.getLong("until"));
  }
}
