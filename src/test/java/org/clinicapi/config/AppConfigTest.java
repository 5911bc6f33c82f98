package org.clinicapi.config;

import io.vertx.core.json.JsonObject;
import org.clinicapi.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration is loaded in a fixed order and validated at boot")
class AppConfigTest {

  @Test
  @DisplayName("environment overrides the file and system properties override the environment")
  void storeOrderLastWins() {
    Properties sys = new Properties();
    sys.setProperty("HTTP_PORT", "9001");
    JsonObject raw = ConfigLoader.load(Map.of("HTTP_PORT", "9000", "RATE_LIMIT_PER_MINUTE", "7", "UNRELATED", "x"), sys);
    AppConfig config = AppConfig.from(raw);
    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.limits().ratePerMinute()).isEqualTo(7);
    assertThat(raw.containsKey("UNRELATED")).as("only settings named in config.json are read").isFalse();
  }

  @Test
  @DisplayName("the per-user rate limit defaults to 600 a minute, can be overridden and must be at least 1")
  void perUserRateLimitReadAndBounded() {
    assertThat(AppConfig.from(ConfigLoader.defaults()).limits().ratePerUserPerMinute()).isEqualTo(600);
    JsonObject raw = ConfigLoader.load(Map.of("RATE_LIMIT_PER_USER_PER_MINUTE", "42"), new Properties());
    assertThat(AppConfig.from(raw).limits().ratePerUserPerMinute()).isEqualTo(42);
    assertThatThrownBy(() -> AppConfig.from(ConfigLoader.defaults().put("RATE_LIMIT_PER_USER_PER_MINUTE", 0)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString().startsWith("RATE_LIMIT_PER_USER_PER_MINUTE"));
  }

  @Test
  @DisplayName("the rate limits reconcile every second and remember 100,000 clients by default; values out of range are named")
  void rateLimitReconciliationSettings() {
    AppConfig defaults = AppConfig.from(ConfigLoader.defaults());
    assertThat(defaults.limits().rateLimitSyncMs()).isEqualTo(1000);
    assertThat(defaults.limits().rateLimitMaxClients()).isEqualTo(100_000);
    JsonObject bad = ConfigLoader.defaults().put("RATE_LIMIT_SYNC_INTERVAL_MS", 0).put("RATE_LIMIT_MAX_CLIENTS", 10);
    assertThatThrownBy(() -> AppConfig.from(bad)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .extracting(problem -> problem.split(" ")[0])
        .containsExactlyInAnyOrder("RATE_LIMIT_SYNC_INTERVAL_MS", "RATE_LIMIT_MAX_CLIENTS"));
  }

  @Test
  @DisplayName("the hardening settings have their documented defaults and every out-of-range value is named")
  void hardeningSettingsReadAndBounded() {
    AppConfig defaults = AppConfig.from(ConfigLoader.defaults());
    assertThat(defaults.http().headerTimeoutMs()).isEqualTo(10_000);
    assertThat(defaults.http().maxConnectionsPerIp()).isEqualTo(256);
    assertThat(defaults.database().startupWaitSeconds()).isZero();
    assertThat(defaults.health().checkIntervalMs()).isEqualTo(1000);
    assertThat(defaults.health().checkTimeoutMs(defaults.busTimeoutMs())).isEqualTo(2000);
    assertThat(defaults.health().staleAfterMs()).isEqualTo(4000);
    JsonObject bad = ConfigLoader.defaults().put("HTTP_HEADER_TIMEOUT_MS", 0).put("HTTP_MAX_CONNECTIONS_PER_IP", -1)
        .put("STARTUP_DB_WAIT_SECONDS", -1).put("HEALTH_CHECK_INTERVAL_MS", 10);
    assertThatThrownBy(() -> AppConfig.from(bad)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .extracting(problem -> problem.split(" ")[0])
        .containsExactlyInAnyOrder("HTTP_HEADER_TIMEOUT_MS", "HTTP_MAX_CONNECTIONS_PER_IP", "STARTUP_DB_WAIT_SECONDS",
            "HEALTH_CHECK_INTERVAL_MS"));
  }

  @Test
  @DisplayName("prod names every missing or unsafe setting at once and never echoes the database URL")
  void prodListsEveryProblem() {
    JsonObject raw = ConfigLoader.defaults()
        .put("CLINIC_PROFILE", "prod")
        .put("CORS_ALLOWED_ORIGINS", "*")
        .put("HTTP_PORT", "eighty")
        .put("BUS_TIMEOUT_MS", 20000);
    assertThatThrownBy(() -> AppConfig.from(raw))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(11).anySatisfy(p ->
            assertThat(p).startsWith("DATABASE_URL")).anySatisfy(p -> assertThat(p).startsWith("REDIS_URL"))
            .anySatisfy(p -> assertThat(p).startsWith("CORS_ALLOWED_ORIGINS"))
            .anySatisfy(p -> assertThat(p).startsWith("HTTP_PORT"))
            .anySatisfy(p -> assertThat(p).startsWith("BUS_TIMEOUT_MS"))
            .anySatisfy(p -> assertThat(p).startsWith("JWT_PRIVATE_KEY"))
            .anySatisfy(p -> assertThat(p).startsWith("DATA_ENCRYPTION_KEY is required"))
            .anySatisfy(p -> assertThat(p).startsWith("SMTP_HOST"))
            .anySatisfy(p -> assertThat(p).startsWith("MAIL_FROM"))
            .anySatisfy(p -> assertThat(p).startsWith("STRIPE_SECRET_KEY"))
            .anySatisfy(p -> assertThat(p).startsWith("STRIPE_WEBHOOK_SECRET")));

    JsonObject secretUrl = ConfigLoader.defaults().put("DATABASE_URL", "mysql://user:s3cret@host/db").put("REDIS_URL", "redis://x:1");
    assertThatThrownBy(() -> AppConfig.from(secretUrl)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.getMessage()).contains("DATABASE_URL").doesNotContain("s3cret");
    });
  }

  @Test
  @DisplayName("metrics listen on 127.0.0.1:9090 by default, METRICS_PORT 0 turns them off, and they may not share the API port")
  void metricsListenerDefaultsOffAndOwnPort() {
    MetricsConfig metrics = AppConfig.from(ConfigLoader.defaults()).metrics();
    assertThat(metrics.host()).isEqualTo("127.0.0.1");
    assertThat(metrics.port()).isEqualTo(9090);
    assertThat(metrics.enabled()).isTrue();
    assertThat(AppConfig.from(ConfigLoader.defaults().put("METRICS_PORT", 0)).metrics().enabled()).isFalse();
    assertThatThrownBy(() -> AppConfig.from(ConfigLoader.defaults().put("METRICS_PORT", 8080)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("METRICS_PORT"));
  }

  @Test
  @DisplayName("prod requires METRICS_TOKEN (16 characters at least) when metrics listen beyond loopback; loopback or off needs none")
  void prodMetricsBeyondLoopbackNeedToken() {
    JsonObject wide = new JsonObject().put("METRICS_HOST", "0.0.0.0");
    assertThat(prodMetricsProblems(wide)).singleElement().asString().startsWith("METRICS_TOKEN is required");
    assertThat(prodMetricsProblems(wide.copy().put("METRICS_TOKEN", "short"))).singleElement().asString()
        .startsWith("METRICS_TOKEN must be at least 16");
    assertThat(prodMetricsProblems(wide.copy().put("METRICS_TOKEN", "a-long-enough-scrape-token"))).isEmpty();
    assertThat(prodMetricsProblems(wide.copy().put("METRICS_PORT", 0))).isEmpty();
    assertThat(prodMetricsProblems(new JsonObject().put("METRICS_HOST", "127.0.0.1"))).isEmpty();
    assertThat(AppConfig.from(ConfigLoader.defaults().mergeIn(wide)).metrics().hasToken()).as("dev takes metrics beyond loopback without a token").isFalse();
  }

  /** The METRICS_ problems of a prod configuration (which fails anyway for want of database, Redis and keys). */
  private static List<String> prodMetricsProblems(JsonObject overrides) {
    JsonObject raw = ConfigLoader.defaults().put("CLINIC_PROFILE", "prod").mergeIn(overrides);
    try {
      AppConfig.from(raw);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().filter(p -> p.startsWith("METRICS_")).toList();
    }
  }

  @Test
  @DisplayName("payments: dev without a Stripe key is simulated; a key says test or live mode and never appears in toString")
  void paymentsModes() {
    assertThat(AppConfig.from(ConfigLoader.defaults()).payments().mode()).isEqualTo("simulated");
    PaymentsConfig test = AppConfig.from(ConfigLoader.defaults().put("STRIPE_SECRET_KEY", "sk_test_abcdef")).payments();
    assertThat(test.simulated()).isFalse();
    assertThat(test.mode()).isEqualTo("test");
    assertThat(test.toString()).doesNotContain("sk_test_abcdef");
    assertThat(AppConfig.from(ConfigLoader.defaults().put("STRIPE_SECRET_KEY", "sk_live_abcdef")).payments().mode()).isEqualTo("live");
    assertThat(test.platformFeeBps()).isEqualTo(1000);
    assertThat(test.lateCancelRefundBps()).isEqualTo(5000);
    assertThatThrownBy(() -> AppConfig.from(ConfigLoader.defaults().put("PLATFORM_FEE_BPS", 10_001)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("PLATFORM_FEE_BPS"));
  }

  @Test
  @DisplayName("dev accepts the shipped defaults (embedded services fill in the URLs)")
  void devDefaultsValid() {
    AppConfig config = AppConfig.from(ConfigLoader.defaults());
    assertThat(config.dev()).isTrue();
    assertThat(config.database().configured()).isFalse();
  }

  @Test
  @DisplayName("the server refuses to start in prod with missing settings: exit code 2 and every problem on stderr")
  void serveInProdWithoutSettingsExitsTwo() {
    List<String> keys = List.of("CLINIC_PROFILE", "DATABASE_URL", "REDIS_URL");
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setProperty("CLINIC_PROFILE", "prod");
    System.setProperty("DATABASE_URL", "");
    System.setProperty("REDIS_URL", "");
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run("serve");
      assertThat(code).isEqualTo(Main.BAD_CONFIG);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("DATABASE_URL").contains("REDIS_URL");
    } finally {
      System.setErr(originalErr);
      keys.forEach(System::clearProperty);
    }
  }
}
