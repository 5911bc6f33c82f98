package org.clinicapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.common.VertxFactory;
import org.clinicapi.config.AppConfig;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TcpProxy;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
@DisplayName("A server started before its database answers probes at once and serves as soon as the database answers")
class StartWithoutDatabaseTest {
  private static final long POLL_SECONDS = 20;

  @Test
  @DisplayName("without a database: liveness 200, readiness 503, the API 503 with Retry-After; once it answers: readiness 200 and the API works")
  void startsBeforeItsDatabase(Vertx vertx) throws Exception {
    PgConnectOptions db = PgConnectOptions.fromUri(TestEnvironment.databaseUrl());
    TcpProxy proxy = new TcpProxy(vertx, db.getHost(), db.getPort());
    proxy.down();
    AppConfig config = AppConfig.from(TestServer.settings(new JsonObject()
        .put("DATABASE_URL", TestEnvironment.databaseUrlVia(proxy.port()))
        .put("LOGIN_MAX_FAILURES", 1000)));
    Vertx server = VertxFactory.create(config.dataDir());
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(config.http().port()));
    try {
      Future<Deployment> starting = Main.deploy(server, config);

      assertThat(pollStatus(vertx, web, "/health/live", 200).statusCode()).isEqualTo(200);
      assertThat(get(web, "/health/ready").statusCode()).isEqualTo(503);
      HttpResponse<Buffer> login = login(web, "nobody@example.com");
      assertThat(login.statusCode()).isEqualTo(503);
      assertThat(login.getHeader("Retry-After")).isNotBlank();
      assertThat(login.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
      assertThat(starting.isComplete()).as("start still waiting for the database").isFalse();

      proxy.up();
      long upAt = System.nanoTime();
      Deployment deployment = starting.await(60, TimeUnit.SECONDS);
      System.out.printf("start completed %d ms after the database became reachable%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upAt));
      assertThat(get(web, "/health/ready").statusCode()).as("readiness right after the start completes").isEqualTo(200);
      String email = "late." + UUID.randomUUID() + "@example.com";
      HttpResponse<Buffer> registered = web.post("/api/v1/auth/register").sendJsonObject(new JsonObject()
          .put("email", email).put("password", ApiClient.PASSWORD).put("name", "Late Patient")).await(20, TimeUnit.SECONDS);
      assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
      assertThat(login(web, email).statusCode()).isEqualTo(200);
      deployment.shutdown().await(30, TimeUnit.SECONDS);
    } finally {
      server.close().await(30, TimeUnit.SECONDS);
      proxy.close();
    }
  }

  @Test
  @DisplayName("with STARTUP_DB_WAIT_SECONDS=2 and no database, the start fails after about 2 s and leaves nothing listening")
  void startGivesUpAfterTheWait(Vertx vertx) throws Exception {
    AppConfig config = AppConfig.from(TestServer.settings(new JsonObject()
        .put("DATABASE_URL", TestEnvironment.databaseUrlVia(TestServer.freePort()))
        .put("STARTUP_DB_WAIT_SECONDS", 2)));
    Vertx server = VertxFactory.create(config.dataDir());
    try {
      long start = System.nanoTime();
      Throwable failure = Main.deploy(server, config).transform(ar -> Future.succeededFuture(ar.cause())).await(60, TimeUnit.SECONDS);
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("start gave up after %d ms: %s%n", elapsedMs, failure);
      assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("within 2.0 s");
      assertThat(elapsedMs).as("ms until the start gave up").isBetween(2_000L, 4_000L);
      boolean refused = vertx.createNetClient().connect(config.http().port(), "127.0.0.1")
          .transform(ar -> Future.succeededFuture(ar.failed())).await(10, TimeUnit.SECONDS);
      assertThat(refused).as("HTTP listener closed after the failed start").isTrue();
    } finally {
      server.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("serve exits with code 1 when the database does not answer within STARTUP_DB_WAIT_SECONDS")
  void serveExitsOneAfterTheWait() throws Exception {
    Map<String, String> settings = Map.of(
        "DATABASE_URL", TestEnvironment.databaseUrlVia(TestServer.freePort()),
        "REDIS_URL", TestEnvironment.redisUrl(),
        "REDIS_KEY_PREFIX", TestEnvironment.keyPrefix(),
        "HTTP_PORT", String.valueOf(TestServer.freePort()),
        "DATA_DIR", Files.createTempDirectory("clinic-data-").toString(),
        "LOG_FORMAT", "text",
        "STARTUP_DB_WAIT_SECONDS", "1");
    settings.forEach(System::setProperty);
    try {
      assertThat(Main.run("serve")).isEqualTo(1);
    } finally {
      settings.keySet().forEach(System::clearProperty);
    }
  }

  private static HttpResponse<Buffer> login(WebClient web, String email) throws Exception {
    return web.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("email", email).put("password", ApiClient.PASSWORD))
        .await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> get(WebClient web, String path) throws Exception {
    return web.get(path).send().await(20, TimeUnit.SECONDS);
  }

  /** Asks until the status matches; refused connections count as "not yet" (the listener may not be up). */
  private static HttpResponse<Buffer> pollStatus(Vertx vertx, WebClient web, String path, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(POLL_SECONDS);
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> response = web.get(path).send().otherwiseEmpty().await(20, TimeUnit.SECONDS);
      if (response != null && response.statusCode() == status) {
        return response;
      }
      vertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
    }
    return fail("GET %s never answered %d within %d s", path, status, POLL_SECONDS);
  }
}
