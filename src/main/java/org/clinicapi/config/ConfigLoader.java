package org.clinicapi.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the raw settings in an explicit order, last wins: {@code conf/config.json} (the working
 * directory's copy if present, else the one in the jar), then environment variables, then system
 * properties. Only keys that config.json names are read from the environment, so the file is the
 * complete list of settings.
 */
public final class ConfigLoader {
  static final String DEFAULTS = "conf/config.json";

  private ConfigLoader() {
  }

  public static JsonObject load() {
    return load(System.getenv(), System.getProperties());
  }

  public static JsonObject load(Map<String, String> env, Properties sys) {
    JsonObject config = defaults();
    for (String key : config.fieldNames()) {
      String fromEnv = env.get(key);
      if (fromEnv != null) {
        config.put(key, fromEnv);
      }
      String fromSys = sys.getProperty(key);
      if (fromSys != null) {
        config.put(key, fromSys);
      }
    }
    return config;
  }

  public static JsonObject defaults() {
    Path local = Path.of(DEFAULTS);
    try {
      if (Files.isRegularFile(local)) {
        return new JsonObject(Files.readString(local, StandardCharsets.UTF_8));
      }
      try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
        if (in == null) {
          throw new IllegalStateException(DEFAULTS + " is neither in the working directory nor on the classpath");
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }
}
