package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.net.ConnectionGuard;
import org.clinicapi.common.redis.IdempotencyStore;
import org.clinicapi.common.redis.RedisFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.HttpConfig;
import org.clinicapi.health.HealthMonitor;
import org.clinicapi.health.HealthRoutes;
import org.clinicapi.http.ratelimit.RateLimits;
import org.clinicapi.metrics.Metrics;
import org.clinicapi.web.IdempotencyHandler;

import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/**
 * One instance per event loop (they share the listening port). Owns its Redis client and lag monitor, and
 * shares the process's {@link RateLimits}; all state a request needs beyond that lives behind the event bus,
 * Postgres or Redis.
 */
public final class HttpVerticle extends VerticleBase {
  /**
   * The JDK's default trust anchors, held for the life of the process. Netty builds each TLS server context
   * with them on an event loop, and the JDK caches them only weakly: after a GC it reads cacerts from disk
   * again, on that event loop. Loaded once on a worker before the first TLS listener starts.
   */
  private static volatile TrustManagerFactory defaultTrust;

  private HttpServer server;
  private Redis redis;
  private EventLoopLagMonitor lag;
  private RateLimits rateLimits;
  private int graceMs;
  private final AppConfig config;
  private final HttpFeatures.Factory featureFactory;
  private final HealthMonitor health;
  private HttpFeatures features;

  /** {@code health}: this process's background health checks, which the probes answer from. */
  public HttpVerticle(AppConfig config, HttpFeatures.Factory features, HealthMonitor health) {
    this.config = config;
    this.featureFactory = features;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    graceMs = config.http().shutdownGraceMs();
    redis = RedisFactory.create(vertx, config.redis());
    RedisAPI api = RedisAPI.api(redis);
    BusClient bus = new BusClient(vertx, config.busTimeoutMs());
    lag = new EventLoopLagMonitor(config.limits().shedEventLoopLagMs(), config.limits().shedCooldownMs());
    lag.start(vertx, Metrics.registry(vertx));
    HealthRoutes health = new HealthRoutes(this.health);
    rateLimits = RateLimits.acquire(vertx, config);
    RateLimitHandler rateLimit = RateLimitHandler.perIp(rateLimits.perIp());
    RateLimitHandler userRateLimit = RateLimitHandler.perUser(rateLimits.perUser());
    IdempotencyHandler idempotent = new IdempotencyHandler(new IdempotencyStore(
        api, config.redis().keyPrefix(), IdempotencyStore.LEASE_MS, config.redis().timeoutMs()), maxClaimHoldMs(config));
    return preloadTrust(config.http()).compose(v -> DocsRoutes.load(vertx))
        .compose(docs -> featureFactory.build(vertx, config, bus, api, idempotent, userRateLimit)
            .map(features -> {
              this.features = features;
              return ApiRouter.create(vertx, config, new HttpDependencies(health, lag, rateLimit, docs, features));
            }))
        .compose(this::listen)
        .onSuccess(s -> server = s);
  }

  /**
   * With the process's {@link ConnectionGuard} on for the port (before the listener opens; for port 0 once it is
   * known): slow request heads and surplus connections per IP are closed.
   */
  private Future<HttpServer> listen(Router router) {
    HttpConfig http = config.http();
    HttpServer created = vertx.createHttpServer(options(http));
    ConnectionGuard guard = ConnectionGuard.of(vertx);
    if (guard == null) {
      return created.requestHandler(router).listen(http.port(), http.host());
    }
    if (http.port() != 0) {
      guard.protect(http.port(), http.headerTimeoutMs(), http.maxConnectionsPerIp());
    }
    FirstRequests first = new FirstRequests(guard);
    return created.connectionHandler(first::connected).requestHandler(first.then(router))
        .listen(http.port(), http.host())
        .onSuccess(s -> guard.protect(s.actualPort(), http.headerTimeoutMs(), http.maxConnectionsPerIp()));
  }

  private Future<Void> preloadTrust(HttpConfig http) {
    if (!http.tls() || defaultTrust != null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      defaultTrust = trust;
      return null;
    });
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes clients. */
  @Override
  public Future<?> stop() {
    lag.stop(vertx);
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(graceMs, TimeUnit.MILLISECONDS);
    return closed.eventually(() -> features == null ? Future.succeededFuture() : features.close().get())
        .eventually(() -> {
          redis.close();
          rateLimits.release(vertx);
          return Future.succeededFuture();
        });
  }

  /**
   * How long a request's idempotency claim is renewed at most: twice the request timeout, at least a minute.
   * An answered request settles it well before (the timeout answers 503 and releases it); this only bounds a
   * request that is never answered, e.g. one whose client left while its handler hangs.
   */
  private static long maxClaimHoldMs(AppConfig config) {
    return Math.max(60_000, 2L * config.http().requestTimeoutMs());
  }

  private static HttpServerOptions options(HttpConfig http) {
    HttpServerOptions options = new HttpServerOptions()
        .setCompressionSupported(true)
        .setHttp2ClearTextEnabled(true)
        .setTcpNoDelay(true)
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (http.tls()) {
      options.setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(http.tlsCertPath()).setKeyPath(http.tlsKeyPath()));
    }
    return options;
  }
}
