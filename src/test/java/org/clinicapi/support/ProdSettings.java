package org.clinicapi.support;


import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The environment of a server process as an operator sets it: {@code prod} (no demo data in the database the test
 * counts, every setting explicit), this run's Redis under a key prefix of its own, the given database, port and
 * data directory. Callers add the outside services.
 */
public final class ProdSettings {
  private ProdSettings() {
  }

  public static Map<String, String> of(String databaseUrl, int port, Path dataDir, String label) throws IOException {
    Map<String, String> env = new HashMap<>();
    TestEnvironment.settings().forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.putAll(Map.of("CLINIC_PROFILE", "prod", "DATABASE_URL", databaseUrl,
        "REDIS_KEY_PREFIX", TestEnvironment.keyPrefix() + label + "-" + UUID.randomUUID() + ":",
        "DATA_DIR", dataDir.toString(), "DATA_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]),
        "HTTP_PORT", String.valueOf(port), "METRICS_PORT", String.valueOf(TestServer.freePort()), "LOG_FORMAT", "text",
        "HTTP_SHUTDOWN_DRAIN_MS", "0", "HTTP_INSTANCES", "2"));
    env.put("APP_BASE_URL", "https://app.clinic.test");
    return env;
  }

  /** SMTP and Stripe where nothing listens: for a test that sends no message and takes no payment. */
  public static Map<String, String> unreachableOutside() throws IOException {
    return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(TestServer.freePort()), "SMTP_SECURITY", "none",
        "MAIL_FROM", "Clinic <no-reply@clinic.test>", "STRIPE_SECRET_KEY", "sk_test_unreachable",
        "STRIPE_WEBHOOK_SECRET", "whsec_unreachable", "STRIPE_API_BASE", "http://127.0.0.1:" + TestServer.freePort());
  }
}
