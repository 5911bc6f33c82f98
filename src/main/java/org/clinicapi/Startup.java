package org.clinicapi;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.Ids;
import org.clinicapi.common.Retry;
import org.clinicapi.communications.CommunicationsVerticle;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.health.HealthMonitor;
import org.clinicapi.health.HealthVerticle;
import org.clinicapi.http.HttpVerticle;
import org.clinicapi.metrics.MetricsVerticle;
import org.clinicapi.payments.PaymentsVerticle;
import org.clinicapi.webhooks.delivery.WebhookDeliveryVerticle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The order of a start. Health checks and the HTTP verticles come first, so a server started before its
 * database answers from the first second: liveness 200, readiness 503, the API 503 with Retry-After (no bus
 * handler yet). Then migrations and the database verticles, retried with capped backoff until the database
 * answers or STARTUP_DB_WAIT_SECONDS pass. Then one fresh round of health checks, so readiness is 200 as soon
 * as the start completes. A start that fails undeploys what it had deployed.
 */
final class Startup {
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long MAX_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final AppConfig config;
  private final int loops = Runtime.getRuntime().availableProcessors();
  private final HealthMonitor health;
  private String healthId;
  private String metricsId;
  private String httpId;

  Startup(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.health = new HealthMonitor(config.health().staleAfterMs());
  }

  Future<Deployment> run() {
    Ids.seed();
    Retry retry = new Retry(vertx, FIRST_RETRY_MS, MAX_RETRY_MS, config.database().startupWaitSeconds() * 1000L);
    return vertx.deployVerticle(() -> new HealthVerticle(config, health), options(1))
        .compose(id -> {
          healthId = id;
          return metrics();
        })
        .compose(id -> {
          metricsId = id;
          int instances = config.http().instances() == 0 ? loops : config.http().instances();
          return vertx.deployVerticle(() -> new HttpVerticle(config, Features::http, health), options(instances));
        })
        .compose(id -> {
          httpId = id;
          return retry.run("database start-up (migrations, database verticles)", this::database);
        })
        .compose(backEnds -> refreshHealth().map(v ->
            new Deployment(vertx, httpId, Stream.concat(Stream.of(healthId, metricsId), backEnds.stream()).filter(Objects::nonNull).toList(),
                config.http().shutdownDrainMs())))
        .recover(this::undeployAndFail);
  }

  /**
   * One attempt: migrate (blocking, on a worker), then the database verticles at the schema version now in
   * force, then the verticles that deliver what the database queues: communications (the outbox), the
   * webhook dispatcher, and payments (Stripe and the money jobs). Their deployment ids, in start order (stopped in reverse); on a failure, those
   * already deployed are undeployed before the next attempt.
   */
  private Future<List<String>> database() {
    List<String> ids = new ArrayList<>();
    return vertx.executeBlocking(() -> Migrations.migrateOnce(config.database()))
        .compose(version -> deploy(ids, () -> new DatabaseVerticle(config, version, Features.all()), loops))
        .compose(v -> deploy(ids, () -> new CommunicationsVerticle(config), 1))
        .compose(v -> deploy(ids, () -> new WebhookDeliveryVerticle(config), 1))
        .compose(v -> deploy(ids, () -> new PaymentsVerticle(config), 1))
        .<List<String>>map(v -> List.copyOf(ids))
        .recover(e -> Future.join(ids.stream().map(vertx::undeploy).toList()).transform(ar -> Future.failedFuture(e)));
  }

  private Future<Void> deploy(List<String> ids, Supplier<? extends Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, options(instances)).map(id -> {
      ids.add(id);
      return null;
    });
  }

  /** The management listener (its id), or null when METRICS_PORT is 0; stopped after HTTP, with the back ends. */
  private Future<String> metrics() {
    return config.metrics().enabled()
        ? vertx.deployVerticle(() -> new MetricsVerticle(config.metrics()), MetricsVerticle.deploymentOptions())
        : Future.succeededFuture();
  }

  /** Readiness would catch up within a period anyway; a refresh that fails only delays that. */
  private Future<Void> refreshHealth() {
    return vertx.eventBus().request(Addresses.HEALTH_REFRESH, null).transform(ar -> Future.succeededFuture());
  }

  private Future<Deployment> undeployAndFail(Throwable failure) {
    List<Future<Void>> undeploys = Stream.of(httpId, metricsId, healthId).filter(Objects::nonNull).map(vertx::undeploy).toList();
    return Future.join(undeploys).transform(ar -> Future.failedFuture(failure));
  }

  /** Verticles get their typed settings through their constructors: parsed once per process, never re-read. */
  private static DeploymentOptions options(int instances) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP).setInstances(instances);
  }
}
