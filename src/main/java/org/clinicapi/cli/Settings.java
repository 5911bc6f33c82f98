package org.clinicapi.cli;

import org.clinicapi.common.logging.Logging;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigException;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.dev.DevServices;

import java.util.List;

/**
 * Loads and validates the configuration for a command, applies the log format, and in dev starts the
 * embedded PostgreSQL and Redis for whatever is not configured. Closing stops those services.
 */
final class Settings implements AutoCloseable {
  private final AppConfig config;
  private final DevServices devServices;

  private Settings(AppConfig config, DevServices devServices) {
    this.config = config;
    this.devServices = devServices;
  }

  static Settings load() {
    AppConfig config = AppConfig.from(ConfigLoader.load());
    Logging.configure(config.logFormat());
    boolean needPostgres = !config.database().configured() && config.roles().needsDatabase();
    boolean needRedis = !config.redis().configured();
    if (!config.dev() || !(needPostgres || needRedis)) {
      return new Settings(config, null);
    }
    if (!DevServices.available()) {
      throw new ConfigException(List.of("DATABASE_URL and REDIS_URL must be set: this build has no embedded dev services"
          + " (run ./mvnw compile exec:java for those)"));
    }
    DevServices dev = DevServices.start(config.dataDir(), needPostgres, needRedis);
    return new Settings(config.with(dev.overrides()), dev);
  }

  AppConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (devServices != null) {
      devServices.close();
    }
  }
}
