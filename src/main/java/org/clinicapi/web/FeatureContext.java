package org.clinicapi.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import org.clinicapi.audit.api.AuditTrail;
import org.clinicapi.bus.BusClient;
import org.clinicapi.config.AppConfig;

/**
 * What a feature's routes may use: the bus to reach its service, the authentication handler (verifies
 * the token, sets {@code CurrentUser}), guards, the audit trail, the HTTP verticle's Redis client, and {@code idempotent}, which every
 * creating POST puts right after authentication ({@link IdempotencyHandler}). Built once per HTTP verticle.
 */
public record FeatureContext(Vertx vertx, AppConfig config, BusClient bus, RedisAPI redis, Handler<RoutingContext> authenticate,
    Guards guards, AuditTrail audit, Handler<RoutingContext> idempotent) {
}
