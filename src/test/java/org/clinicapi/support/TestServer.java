package org.clinicapi.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinicapi.Deployment;
import org.clinicapi.Main;
import org.clinicapi.common.VertxFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real server, started the way Main starts it, on a free port against this run's database and
 * Redis. Overrides change settings per test class (limits, URLs pointing at a proxy, ...).
 */
public final class TestServer implements AutoCloseable {
  private final Vertx vertx;
  private final Deployment deployment;
  private final int port;
  private final AppConfig config;

  private TestServer(Vertx vertx, Deployment deployment, int port, AppConfig config) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.config = config;
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  /**
   * For tests that sign in many times from 127.0.0.1: the per-IP sign-in throttle and the per-IP and
   * per-user rate limits are lifted (tests of those limits start their own server).
   */
  public static TestServer lenient() {
    return start(lenientSettings());
  }

  private static JsonObject lenientSettings() {
    return new JsonObject().put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000);
  }

  /**
   * A lenient server ({@link #lenient}) with a Redis key prefix of its own ({@code label} and a random id), so that no
   * other test's cached answers or versions are seen; then the overrides.
   */
  public static TestServer ownKeys(String label, JsonObject overrides) {
    String prefix = TestEnvironment.keyPrefix() + label + "-" + UUID.randomUUID() + ":";
    return start(lenientSettings().put("REDIS_KEY_PREFIX", prefix).mergeIn(overrides));
  }

  public static TestServer start(JsonObject overrides) {
    return start(overrides, true);
  }

  /** {@code nativeTransport} false: on NIO even where native epoll loads (the default elsewhere, as in production). */
  public static TestServer start(JsonObject overrides, boolean nativeTransport) {
    try {
      AppConfig config = AppConfig.from(settings(overrides));
      Vertx vertx = VertxFactory.create(config.dataDir(), nativeTransport);
      Deployment deployment = Main.deploy(vertx, config).await(60, TimeUnit.SECONDS);
      // The port from the settings: a test may choose it (to name its own URL in a setting, e.g. a redirect URI).
      return new TestServer(vertx, deployment, config.http().port(), config);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  /** The settings {@link #start(JsonObject)} uses: this run's database and Redis, a free port, then the overrides. */
  public static JsonObject settings(JsonObject overrides) throws IOException {
    int port = freePort();
    return ConfigLoader.defaults()
        .mergeIn(TestEnvironment.settings())
        .put("HTTP_PORT", port)
        .put("METRICS_PORT", freePortOtherThan(port))
        .put("HTTP_INSTANCES", 2)
        .put("HTTP_SHUTDOWN_DRAIN_MS", 0)
        .put("LOG_FORMAT", "text")
        .put("DATA_DIR", Files.createTempDirectory("clinic-data-").toString())
        .mergeIn(overrides);
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Deployment deployment() {
    return deployment;
  }

  public AppConfig config() {
    return config;
  }

  @Override
  public void close() {
    try {
      deployment.shutdown().eventually(vertx::close).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
    }
  }

  /** Two free ports asked for one after the other may be the same one; the metrics listener needs its own. */
  public static int freePortOtherThan(int taken) throws IOException {
    int port = freePort();
    while (port == taken) {
      port = freePort();
    }
    return port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
