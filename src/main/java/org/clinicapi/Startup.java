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
import io.vertx.ext.web.Router;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.NodeRoles.Role;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.health.HealthMonitor;
import org.clinicapi.health.HealthRoutes;
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
 * The order of a start, for the roles of this node (NODE_ROLES). Health checks and the HTTP verticles come first,
 * so a server started before its database answers from the first second: liveness 200, readiness 503, the API 503
 * with Retry-After (no bus handler yet). Then, on a node that holds a database pool (any role but http),
 * migrations and the back-end verticles of its roles, retried with capped backoff until the database answers or
 * STARTUP_DB_WAIT_SECONDS pass. Then one fresh round of health checks, so readiness is 200 as soon as the start
 * completes. A start that fails undeploys what it had deployed.
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
    this.health = new HealthMonitor(config.health().staleAfterMs(), config.roles());
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
          return http();
        })
        .compose(id -> {
          httpId = id;
          return config.roles().needsDatabase()
              ? retry.run("database start-up (migrations, database verticles)", this::database)
              : Future.succeededFuture(List.<String>of());
        })
        .compose(backEnds -> refreshHealth().map(v ->
            new Deployment(vertx, httpId, Stream.concat(Stream.of(healthId, metricsId), backEnds.stream()).filter(Objects::nonNull).toList(),
                config.http().shutdownDrainMs())))
        .recover(this::undeployAndFail);
  }

  /** The HTTP verticles (one per event loop unless HTTP_INSTANCES), or none (a null id) without the http role. */
  private Future<String> http() {
    if (!config.roles().has(Role.HTTP)) {
      return Future.succeededFuture();
    }
    int instances = config.http().instances() == 0 ? loops : config.http().instances();
    return vertx.deployVerticle(() -> new HttpVerticle(config, Features::http, health), options(instances));
  }

  /**
   * One attempt: migrate (blocking, on a worker; Flyway's lock makes nodes starting together take turns, and a
   * schema already current costs one query), then this node's back-end roles: the database verticles at the
   * schema version now in force, communications (the outbox, the webhook dispatcher), payments (Stripe and the
   * money jobs). Their deployment ids, in start order (stopped in reverse); on a failure, those already deployed
   * are undeployed before the next attempt.
   */
  private Future<List<String>> database() {
    List<String> ids = new ArrayList<>();
    return vertx.executeBlocking(() -> Migrations.migrateOnce(config.database()))
        .compose(version -> deploy(ids, Role.DATABASE, () -> new DatabaseVerticle(config, version, Features.all()), loops))
        .compose(v -> deploy(ids, Role.COMMUNICATIONS, () -> new CommunicationsVerticle(config), 1))
        .compose(v -> deploy(ids, Role.COMMUNICATIONS, () -> new WebhookDeliveryVerticle(config), 1))
        .compose(v -> deploy(ids, Role.PAYMENTS, () -> new PaymentsVerticle(config), 1))
        .<List<String>>map(v -> List.copyOf(ids))
        .recover(e -> Future.join(ids.stream().map(vertx::undeploy).toList()).transform(ar -> Future.failedFuture(e)));
  }

  private Future<Void> deploy(List<String> ids, Role role, Supplier<? extends Deployable> verticle, int instances) {
    if (!config.roles().has(role)) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(verticle, options(instances)).map(id -> {
      ids.add(id);
      return null;
    });
  }

  /**
   * The management listener (its id), or null when METRICS_PORT is 0; stopped after HTTP, with the back ends. On a
   * node without the http role it serves the probes too (/health/live, /health/ready, /health): nothing else listens.
   */
  private Future<String> metrics() {
    if (!config.metrics().enabled()) {
      return Future.succeededFuture();
    }
    Router probes = null;
    if (!config.roles().has(Role.HTTP)) {
      probes = Router.router(vertx);
      new HealthRoutes(health).mount(probes);
    }
    Router serveProbes = probes;
    return vertx.deployVerticle(() -> new MetricsVerticle(config.metrics(), serveProbes), MetricsVerticle.deploymentOptions());
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
