package org.clinicapi.health;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;

/**
 * Runs the dependency checks every HEALTH_CHECK_INTERVAL_MS, one round at a time, and records each round in
 * the {@link HealthMonitor}. Deploy one instance per process. A {@link Addresses#HEALTH_REFRESH} request
 * takes a fresh round and answers when it is recorded (start-up uses it once the database is deployed).
 */
public final class HealthVerticle extends VerticleBase {
  private final AppConfig config;
  private final HealthMonitor monitor;
  private Redis redis;
  private DependencyChecks checks;
  private Future<Void> running;

  public HealthVerticle(AppConfig config, HealthMonitor monitor) {
    this.config = config;
    this.monitor = monitor;
  }

  @Override
  public Future<?> start() {
    redis = RedisFactory.create(vertx, config.redis());
    checks = new DependencyChecks(vertx, new BusClient(vertx, config.busTimeoutMs()), RedisAPI.api(redis),
        config.health().checkTimeoutMs(config.busTimeoutMs()), config.files(), config.roles());
    NodeMetrics.register(vertx, monitor, config.roles());
    vertx.setPeriodic(config.health().checkIntervalMs(), id -> round());
    vertx.eventBus().localConsumer(Addresses.HTTP_DRAIN, message -> monitor.drain());
    return vertx.eventBus().localConsumer(Addresses.HEALTH_REFRESH, message -> refresh().onComplete(ar -> message.reply(null)))
        .completion()
        .compose(v -> round());
  }

  @Override
  public Future<?> stop() {
    redis.close();
    return Future.succeededFuture();
  }

  /** Joins the round under way, if any: a dependency that hangs costs one check in flight, not one per period. */
  private Future<Void> round() {
    if (running == null) {
      running = checks.all().onSuccess(monitor::record).<Void>mapEmpty().eventually(() -> {
        running = null;
        return Future.succeededFuture();
      });
    }
    return running;
  }

  /** A round under way may have started before what changed: wait for it, then take a new one. */
  private Future<Void> refresh() {
    return running == null ? round() : running.transform(ar -> round());
  }
}
