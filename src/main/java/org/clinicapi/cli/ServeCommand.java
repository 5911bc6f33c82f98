package org.clinicapi.cli;

import io.vertx.core.Vertx;
import org.clinicapi.Deployment;
import org.clinicapi.Main;
import org.clinicapi.common.VertxFactory;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.common.crypto.DevDataKey;
import org.clinicapi.common.logging.Logging;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.NodeRoles;
import org.clinicapi.dev.DemoAccounts;
import org.clinicapi.dev.DemoData;
import org.clinicapi.dev.DemoProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the server until SIGTERM/SIGINT, then shuts down in order (readiness first). */
@Command(name = "serve", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Start the server (the default).")
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load();
    AppConfig config = settings.config();
    Vertx vertx;
    try {
      vertx = VertxFactory.create(config.dataDir(), config.cluster()).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      LOG.error("could not join the cluster", e);
      settings.close();
      return 1;
    }
    Deployment deployment;
    try {
      deployment = Main.deploy(vertx, config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      LOG.error("startup failed", e);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      settings.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(deployment, settings, stopped), "clinic-shutdown"));
    String base = (config.http().tls() ? "https" : "http") + "://" + displayHost(config.http().host()) + ":" + config.http().port();
    if (config.roles().has(NodeRoles.Role.HTTP)) {
      LOG.info("clinic-api ready ({} profile, roles {}): API {}/api/v1, docs {}/docs, health {}/health, metrics {}",
          config.profile().name().toLowerCase(), String.join(",", config.roles().names()), base, base, base, metricsUrl(config));
    } else {
      LOG.info("clinic-api ready ({} profile, roles {}): no API listener; probes and metrics on {}",
          config.profile().name().toLowerCase(), String.join(",", config.roles().names()), metricsUrl(config));
    }
    if (config.dev() && config.roles().has(NodeRoles.Role.DATABASE)) {
      printDemoLogins(config);
    }
    stopped.await();
    return 0;
  }

  private static void stop(Deployment deployment, Settings settings, CountDownLatch stopped) {
    LOG.info("shutting down: readiness off, finishing in-flight requests");
    try {
      deployment.shutdown().compose(v -> deployment.vertx().close())
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not finish cleanly: {}", e.toString());
    } finally {
      settings.close();
      // In this hook: once it returns the JVM halts, whatever the main thread was about to do.
      Logging.stop();
      stopped.countDown();
    }
  }

  /** Dev only: demo accounts and demo data, created on the first start; logins printed so the API can be tried at once. */
  private static void printDemoLogins(AppConfig config) {
    try (Connection c = Jdbc.open(config.database())) {
      List<String> logins = DemoAccounts.ensure(c);
      LOG.info("demo logins (password {}): {}", DemoAccounts.PASSWORD, String.join(", ", logins));
      if (DemoData.ensure(c, java.time.Instant.now())) {
        LOG.info("demo data: the demo provider has a profile and weekday hours; the demo patient has four appointments");
      }
      // The same dev data key the server was given (Main.deploy read or generated it under DATA_DIR).
      if (DemoProfile.ensure(c, DataCipher.from(config.with(DevDataKey.ensure(config)).encryption()))) {
        LOG.info("demo data: the demo patient has a profile");
      }
    } catch (SQLException e) {
      LOG.warn("could not create the demo accounts or data: {}", e.toString());
    }
  }

  private static String metricsUrl(AppConfig config) {
    return config.metrics().enabled()
        ? "http://" + displayHost(config.metrics().host()) + ":" + config.metrics().port() + "/metrics"
        : "off (METRICS_PORT=0)";
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
  }
}
