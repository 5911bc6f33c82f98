package org.clinicapi.health;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.BusClient;
import org.clinicapi.bus.Operation;
import org.clinicapi.cluster.ClusterView;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.config.NodeRoles.Role;
import org.clinicapi.health.api.SchemaStatus;
import org.clinicapi.config.FilesConfig;
import org.clinicapi.health.api.DatabaseStatusService;
import org.clinicapi.health.api.PingService;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dependency checks behind /health and /health/ready, run in rounds by {@link HealthVerticle}. Each check
 * completes within its timeout with safe data of its own making: exception text and host names never reach
 * a response.
 */
final class DependencyChecks {
  static final String DATABASE = "database";
  static final String CACHE = "cache";
  static final String EVENTBUS = "eventbus";
  static final String STORAGE = "storage";
  static final String COMMUNICATION = "communication";
  static final String PAYMENT = "payment";
  static final String CLUSTER = "cluster";
  private static final JsonObject UNREACHABLE = new JsonObject().put("error", "unreachable");

  private final HealthChecks checks;
  private final BusClient bus;
  private final RedisAPI redis;
  private final long timeoutMs;
  private final StorageCheck storage;
  private final Vertx vertx;
  private final Operation<DatabaseStatusService, Void, SchemaStatus> databaseCheck;

  /**
   * The checks of what this node runs: storage where it serves HTTP (uploads are written there), its own
   * transports and Stripe where it runs communications and payments, the cluster when clustered. The database
   * is asked of this node's own database verticle where it has one, else of any database node over the bus.
   */
  DependencyChecks(Vertx vertx, BusClient bus, RedisAPI redis, long timeoutMs, FilesConfig files, NodeRoles roles) {
    this.storage = new StorageCheck(vertx, files);
    this.vertx = vertx;
    this.bus = bus;
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.databaseCheck = roles.has(Role.DATABASE) ? DatabaseStatusService.CHECK_LOCAL : DatabaseStatusService.CHECK;
    // The library's own timeout is a backstop only: ours fire first and report safe data. When the loop stalls
    // (a cold start's class loading) the backstop may fire first: hence tryComplete in every check.
    long backstopMs = timeoutMs + 500;
    this.checks = HealthChecks.create(vertx)
        .register(DATABASE, backstopMs, this::database)
        .register(CACHE, backstopMs, this::cache)
        .register(EVENTBUS, backstopMs, this::eventBus);
    register(roles.has(Role.HTTP), STORAGE, backstopMs, this::storage);
    register(roles.has(Role.COMMUNICATIONS), COMMUNICATION, backstopMs, this::communication);
    register(roles.has(Role.PAYMENTS), PAYMENT, backstopMs, this::payment);
    register(ClusterView.clustered(vertx), CLUSTER, backstopMs, this::cluster);
  }

  private void register(boolean wanted, String id, long backstopMs, Handler<Promise<Status>> check) {
    if (wanted) {
      checks.register(id, backstopMs, check);
    }
  }

  Future<CheckResult> all() {
    return checks.checkStatus();
  }

  private void storage(Promise<Status> promise) {
    storage.check().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(e -> Status.KO(new JsonObject().put("error", "timeout")))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  private void database(Promise<Status> promise) {
    long start = System.nanoTime();
    bus.request(databaseCheck, null, timeoutMs)
        .map(status -> {
          JsonObject data = status.toJson().put("latencyMs", elapsedMs(start));
          return status.migrated() ? Status.OK(data) : Status.KO(data);
        })
        .otherwise(e -> Status.KO(UNREACHABLE.copy()))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  private void cache(Promise<Status> promise) {
    long start = System.nanoTime();
    redis.ping(List.of()).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(pong -> Status.OK(new JsonObject().put("latencyMs", elapsedMs(start))))
        .otherwise(e -> Status.KO(UNREACHABLE.copy()))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  /**
   * The transports' modes and breakers, from the communications verticle: state UP, degraded (one transport's
   * breaker open: its messages wait) or DOWN (all open, or no answer); with the number of webhook receivers
   * whose breaker is open (a customer's endpoint being down does not make ours degraded). Not part of
   * readiness: the API works while messages wait in the outbox.
   */
  private void communication(Promise<Status> promise) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    Future<Message<JsonObject>> webhooks = vertx.eventBus().request(Addresses.WEBHOOKS_STATUS, null, options);
    vertx.eventBus().<JsonObject>request(Addresses.COMMUNICATIONS_STATUS, null, options)
        .compose(reply -> webhooks.transform(w -> Future.succeededFuture(transports(reply.body(), w.succeeded() ? w.result().body() : null))))
        .otherwise(e -> Status.KO(UNREACHABLE.copy().put("state", "DOWN")))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  /**
   * Stripe as this node's payments verticle sees it: mode (live, test, simulated), breaker, and whether Stripe
   * answered its last ping (made at most once a minute there, never per round). UP unless the breaker is open
   * (payment calls fail at once) or the verticle does not answer. Not part of readiness: bookings and reads work
   * while Stripe is away.
   */
  private void payment(Promise<Status> promise) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    vertx.eventBus().<JsonObject>request(Addresses.PAYMENTS_STATUS, null, options)
        .map(reply -> {
          JsonObject data = reply.body().copy();
          return "open".equals(data.getString("breaker")) ? Status.KO(data) : Status.OK(data);
        })
        .otherwise(e -> Status.KO(UNREACHABLE.copy()))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  private static Status transports(JsonObject status, JsonObject webhooks) {
    JsonObject data = status.copy();
    long open = data.fieldNames().stream().filter(t -> "open".equals(data.getJsonObject(t).getString("breaker"))).count();
    String state = open == 0 ? "UP" : open < data.size() ? "degraded" : "DOWN";
    data.put("state", state);
    if (webhooks != null) {
      data.put("webhooks", webhooks.copy());
    }
    return state.equals("DOWN") ? Status.KO(data) : Status.OK(data);
  }

  /** The members this node counts (itself included): not part of readiness, a figure for operators. */
  private void cluster(Promise<Status> promise) {
    int members = ClusterView.members(vertx);
    JsonObject data = new JsonObject().put("members", members);
    promise.tryComplete(members > 0 ? Status.OK(data) : Status.KO(data));
  }

  private void eventBus(Promise<Status> promise) {
    long start = System.nanoTime();
    bus.request(PingService.PING, null, timeoutMs)
        .map(pong -> Status.OK(new JsonObject().put("latencyMs", elapsedMs(start))))
        .otherwise(e -> Status.KO(UNREACHABLE.copy()))
        .onComplete(ar -> promise.tryComplete(ar.result()));
  }

  private static double elapsedMs(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
  }
}
