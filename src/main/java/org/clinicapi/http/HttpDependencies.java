package org.clinicapi.http;

import org.clinicapi.health.HealthRoutes;

/**
 * What the router needs that has a life cycle of its own (timers, clients, loaded documents).
 * {@code idempotent} is for the {@link FeatureContext} the feature routers are mounted with.
 */
record HttpDependencies(HealthRoutes health, EventLoopLagMonitor lag, RateLimitHandler rateLimit, DocsRoutes docs,
    IdempotencyHandler idempotent) {
}
