package org.clinicapi.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.AuditTrail;
import org.clinicapi.auth.Guards;
import org.clinicapi.bus.BusClient;
import org.clinicapi.config.AppConfig;

/**
 * What a feature's routes may use: the bus to reach its service, the authentication handler (verifies
 * the token, sets {@code CurrentUser}), guards, the audit trail, and {@code idempotent}, which every
 * creating POST puts right after authentication ({@link IdempotencyHandler}). Built once per HTTP verticle.
 */
public record FeatureContext(Vertx vertx, AppConfig config, BusClient bus, Handler<RoutingContext> authenticate,
    Guards guards, AuditTrail audit, Handler<RoutingContext> idempotent) {
}
