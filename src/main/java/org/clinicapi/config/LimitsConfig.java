package org.clinicapi.config;

/**
 * Protection against abuse and overload. {@code ratePerMinute} is per client IP; {@code ratePerUserPerMinute}
 * per authenticated subject, so one account spread over many IPs (or many accounts behind one NAT) is bounded too.
 * Both are counted in each process's memory and reconciled with Redis every {@code rateLimitSyncMs};
 * {@code rateLimitMaxClients} bounds how many clients each of the two limits remembers per process.
 */
public record LimitsConfig(int ratePerMinute, int ratePerUserPerMinute, int rateLimitSyncMs, int rateLimitMaxClients,
    int shedEventLoopLagMs, int shedCooldownMs, int retryAfterSeconds) {

  static LimitsConfig read(SettingsReader in) {
    return new LimitsConfig(
        in.integer("RATE_LIMIT_PER_MINUTE", 1, 10_000_000),
        in.integer("RATE_LIMIT_PER_USER_PER_MINUTE", 1, 10_000_000),
        in.integer("RATE_LIMIT_SYNC_INTERVAL_MS", 50, 60_000),
        in.integer("RATE_LIMIT_MAX_CLIENTS", 100, 10_000_000),
        in.integer("SHED_EVENT_LOOP_LAG_MS", 1, 60_000),
        in.integer("SHED_COOLDOWN_MS", 0, 60_000),
        in.integer("RETRY_AFTER_SECONDS", 1, 3600));
  }
}
