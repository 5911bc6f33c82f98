package org.clinicapi.http;

import org.clinicapi.health.HealthRoutes;

/** What the router needs that has a life cycle of its own (timers, clients, loaded documents, features). */
record HttpDependencies(HealthRoutes health, EventLoopLagMonitor lag, RateLimitHandler rateLimit, DocsRoutes docs,
    HttpFeatures features) {
}
