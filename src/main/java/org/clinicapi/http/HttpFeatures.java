package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.bus.BusClient;
import org.clinicapi.config.AppConfig;

import java.util.List;
import java.util.function.Supplier;

/**
 * What an HTTP verticle serves of the features: their routers (under /api/v1), the JWKS of the token
 * keys, and what to close when it stops. The composition root builds it; this package names no feature.
 */
public record HttpFeatures(List<Router> api, JsonObject jwks, Supplier<Future<Void>> close) {

  /**
   * Builds the features' routes for one HTTP verticle, on its event loop. {@code idempotent} goes right after
   * authentication on creating POSTs; {@code userRateLimit} runs after every successful authentication.
   */
  @FunctionalInterface
  public interface Factory {
    Future<HttpFeatures> build(Vertx vertx, AppConfig config, BusClient bus, RedisAPI redis, Handler<RoutingContext> idempotent,
        Handler<RoutingContext> userRateLimit);
  }
}
