package org.clinicapi.auth.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.clinicapi.auth.api.RevokedSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Keeps one HTTP verticle's revocation list in step with every other process: a Redis subscription to the
 * revocation channel. Whenever the subscription is (re)established the list is reloaded, from the sorted set
 * and from PostgreSQL (the durable record, over the bus), so revocations published while it was down, or
 * lost by a Redis that restarted empty, are not missed. Reconnects on its own, and tries again (every second)
 * until both reloads succeeded. Entries are only ever added: nothing a reload lacks is forgotten.
 */
public final class RevocationSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationSubscriber.class);
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Redis client;
  private final RevocationStore store;
  private final RevocationList list;
  private final Supplier<Future<RevokedSessions>> durable;
  private RedisConnection connection;
  private boolean closed;
  private boolean warned;

  /** {@code durable}: the sessions revoked recently, as PostgreSQL has them. */
  public RevocationSubscriber(Vertx vertx, Redis client, RevocationStore store, RevocationList list,
      Supplier<Future<RevokedSessions>> durable) {
    this.vertx = vertx;
    this.client = client;
    this.store = store;
    this.list = list;
    this.durable = durable;
  }

  /**
   * Completes once subscribed and loaded, or when Redis or the database failed (it keeps retrying). The load from
   * PostgreSQL does not wait for Redis: a node that starts while Redis is down still refuses revoked sessions.
   */
  public Future<Void> start() {
    Future<Void> durableLoaded = reloadDurable();
    Future<Void> subscribed = client.connect().compose(this::subscribe).compose(v -> store.loadInto(list));
    // join, not all: both have ended before a failure drops the subscription, so none is left behind.
    return Future.join(durableLoaded, subscribed)
        .<Void>mapEmpty()
        .onSuccess(v -> warned = false)
        .recover(e -> {
          if (!warned) {
            LOG.warn("revocation subscription or reload unavailable, retrying: {}", e.toString());
            warned = true;
          }
          unsubscribe();
          retry();
          return Future.succeededFuture();
        });
  }

  /** Adds the sessions PostgreSQL has as recently revoked (also when an auth service announces it has started). */
  public Future<Void> reloadDurable() {
    return durable.get().map(revoked -> {
      RevocationStore.apply(revoked, list);
      return null;
    });
  }

  /** Drops a subscription whose reload failed, so that the retry subscribes and reloads afresh. */
  private void unsubscribe() {
    RedisConnection conn = connection;
    connection = null;
    if (conn != null) {
      conn.close();
    }
  }

  private Future<Void> subscribe(RedisConnection conn) {
    connection = conn;
    conn.handler(this::onMessage).exceptionHandler(e -> lost()).endHandler(v -> lost());
    return conn.send(Request.cmd(Command.SUBSCRIBE).arg(store.channel())).mapEmpty();
  }

  private void onMessage(Response message) {
    if (message.size() == 3 && "message".equals(message.get(0).toString())) {
      try {
        RevocationStore.apply(new JsonObject(message.get(2).toString()), list);
      } catch (DecodeException | IllegalArgumentException | NullPointerException e) {
        LOG.warn("ignored a malformed revocation message");
      }
    }
  }

  private void lost() {
    if (connection != null) {
      connection = null;
      retry();
    }
  }

  private void retry() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, id -> start());
    }
  }

  public Future<Void> close() {
    closed = true;
    RedisConnection conn = connection;
    connection = null;
    return (conn == null ? Future.<Void>succeededFuture() : conn.close()).eventually(() -> {
      client.close();
      return Future.succeededFuture();
    });
  }
}
