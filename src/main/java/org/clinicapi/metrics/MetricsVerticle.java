package org.clinicapi.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.clinicapi.config.MetricsConfig;

import java.util.concurrent.TimeUnit;

/**
 * The management listener on {@code METRICS_HOST:METRICS_PORT}, apart from the API port: nothing there but
 * {@link ScrapeHandler}, and the probes on a node without an API listener. A worker verticle on a one-thread pool of its own: scrapes wait for each other, never
 * for API requests, and API requests and probes never wait for a scrape.
 */
public final class MetricsVerticle extends VerticleBase {
  private static final String WORKER_POOL = "clinic-metrics";

  private final MetricsConfig config;
  private final Handler<HttpServerRequest> probes;
  private HttpServer server;

  /** {@code probes}: also served here, for /health paths, on a node with no API listener (else null). */
  public MetricsVerticle(MetricsConfig config, Handler<HttpServerRequest> probes) {
    this.config = config;
    this.probes = probes;
  }

  /** How this verticle must be deployed: once, as a worker on its own pool. */
  public static DeploymentOptions deploymentOptions() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(1)
        .setWorkerPoolName(WORKER_POOL).setWorkerPoolSize(1);
  }

  @Override
  public Future<?> start() {
    PrometheusMeterRegistry registry = Metrics.registry(vertx);
    if (registry == null) {
      return Future.failedFuture(new IllegalStateException("this Vertx was built without metrics (Metrics.buildVertx)"));
    }
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
    ScrapeHandler scrape = new ScrapeHandler(registry, config.token());
    Handler<HttpServerRequest> handler = probes == null ? scrape
        : request -> (request.path().startsWith("/health") ? probes : scrape).handle(request);
    return vertx.createHttpServer(options).requestHandler(handler)
        .listen(config.port(), config.host())
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
