package org.clinicapi.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * Every setting, typed and validated, parsed once per process: verticles receive this record through their
 * constructors (each node of a cluster parses its own settings). {@link #raw()} is kept only so that
 * start-up can add what it discovers (embedded service URLs, the dev signing key) with {@link #with}.
 */
public record AppConfig(
    Profile profile,
    HttpConfig http,
    DatabaseConfig database,
    RedisConfig redis,
    LimitsConfig limits,
    AuthConfig auth,
    int busTimeoutMs,
    Path dataDir,
    LogFormat logFormat,
    JsonObject raw,
    AppointmentsConfig appointments,
    FilesConfig files,
    MetricsConfig metrics,
    HealthConfig health,
    CommunicationsConfig communications,
    PaymentsConfig payments,
    EncryptionConfig encryption,
    ClusterConfig cluster,
    NodeRoles roles) {

  private static final int MIN_METRICS_TOKEN_LENGTH = 16;

  /** Parses and validates; throws {@link ConfigException} naming every problem. */
  public static AppConfig from(JsonObject raw) {
    SettingsReader in = new SettingsReader(raw);
    Path dataDir = Path.of(in.string("DATA_DIR").isEmpty() ? ".clinic-data" : in.string("DATA_DIR"));
    Profile profile = in.choice("CLINIC_PROFILE", Profile.class, Profile.PROD);
    AppConfig config = new AppConfig(
        profile,
        HttpConfig.read(in),
        DatabaseConfig.read(in),
        RedisConfig.read(in),
        LimitsConfig.read(in),
        AuthConfig.read(in),
        in.integer("BUS_TIMEOUT_MS", 10, 600_000),
        dataDir,
        in.choice("LOG_FORMAT", LogFormat.class, LogFormat.JSON),
        raw.copy(),
        AppointmentsConfig.read(in),
        FilesConfig.read(in, dataDir),
        MetricsConfig.read(in),
        HealthConfig.read(in),
        CommunicationsConfig.read(in, in.string("APP_BASE_URL")),
        PaymentsConfig.read(in, profile == Profile.DEV, in.string("APP_BASE_URL")),
        EncryptionConfig.read(in),
        ClusterConfig.read(in),
        NodeRoles.read(in));
    config.checkConsistency(in);
    if (config.profile == Profile.PROD) {
      config.checkProductionSafety(in);
    }
    if (!in.problems().isEmpty()) {
      throw new ConfigException(in.problems());
    }
    return config;
  }

  /** A copy with some raw settings replaced (embedded service URLs, the dev key); this one when there are none. */
  public AppConfig with(JsonObject overrides) {
    return overrides.isEmpty() ? this : from(raw.copy().mergeIn(overrides));
  }

  public boolean dev() {
    return profile == Profile.DEV;
  }

  private void checkConsistency(SettingsReader in) {
    if (!roles.all() && !cluster.enabled()) {
      in.problem("NODE_ROLES", "other than all needs CLUSTER_ENABLED=true (the other roles run on other nodes)");
    }
    if (!roles.has(NodeRoles.Role.HTTP) && !metrics.enabled()) {
      in.problem("METRICS_PORT", "must not be 0 on a node without the http role (its probes are served there)");
    }
    if (busTimeoutMs >= http.requestTimeoutMs()) {
      in.problem("BUS_TIMEOUT_MS", "must be below HTTP_REQUEST_TIMEOUT_MS so the API answers before the request times out");
    }
    if (database.statementTimeoutMs() >= busTimeoutMs) {
      in.problem("DATABASE_STATEMENT_TIMEOUT_MS", "must be below BUS_TIMEOUT_MS (0 = none) so a statement stuck on a lock "
          + "is cancelled before its caller gives up on it");
    }
    if (metrics.enabled() && metrics.port() == http.port()) {
      in.problem("METRICS_PORT", "must differ from HTTP_PORT (metrics have a listener of their own)");
    }
  }

  private static boolean loopback(String url) {
    String host = java.net.URI.create(url).getHost();
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
  }

  private void checkProductionSafety(SettingsReader in) {
    if (!database.configured() && roles.needsDatabase()) {
      in.problem("DATABASE_URL", "is required in prod (embedded services are for dev only)");
    }
    if (!redis.configured()) {
      in.problem("REDIS_URL", "is required in prod (embedded services are for dev only)");
    }
    if (!auth.keysConfigured()) {
      in.problem("JWT_PRIVATE_KEY", "and JWT_PUBLIC_KEY are required in prod (dev generates a key pair)");
    }
    if (!encryption.configured() && roles.has(NodeRoles.Role.DATABASE)) {
      in.problem("DATA_ENCRYPTION_KEY", "is required in prod (32 random bytes in base64; dev generates one under DATA_DIR)");
    }
    if (!auth.cookieSecure()) {
      in.problem("AUTH_COOKIE_SECURE", "must be true in prod");
    }
    if (auth.oidc().enabled() && auth.oidc().issuer().startsWith("http://") && !loopback(auth.oidc().issuer())) {
      in.problem("OIDC_ISSUER", "must use https (plain http only on a loopback address)");
    }
    List<String> origins = http.corsOrigins();
    if (origins.contains("*")) {
      in.problem("CORS_ALLOWED_ORIGINS", "must list origins, not *, in prod");
    }
    if (origins.stream().anyMatch(o -> o.startsWith("http://"))) {
      in.problem("CORS_ALLOWED_ORIGINS", "must use https origins in prod");
    }
    checkMetricsExposure(in);
    if (roles.has(NodeRoles.Role.COMMUNICATIONS)) {
      communications.checkProduction(in);
    }
    if (roles.has(NodeRoles.Role.PAYMENTS) || roles.has(NodeRoles.Role.HTTP)) {
      payments.checkProduction(in);
    }
  }

  /** Metrics name routes, pools and load: beyond this machine only a scraper holding the token may read them. */
  private void checkMetricsExposure(SettingsReader in) {
    if (!metrics.enabled()) {
      return;
    }
    if (!metrics.loopback() && !metrics.hasToken()) {
      in.problem("METRICS_TOKEN", "is required in prod when METRICS_HOST is not a loopback address");
    }
    if (metrics.hasToken() && metrics.token().length() < MIN_METRICS_TOKEN_LENGTH) {
      in.problem("METRICS_TOKEN", "must be at least " + MIN_METRICS_TOKEN_LENGTH + " characters in prod");
    }
  }
}
