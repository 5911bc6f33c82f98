package org.clinicapi.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.bus.BusCodec;
import org.clinicapi.common.RequestId;
import org.clinicapi.dev.DevServices;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Once per test JVM: finds PostgreSQL and Redis (TEST_DATABASE_URL / TEST_REDIS_URL, else the machine's
 * on 127.0.0.1, else embedded ones), creates a fresh database and Redis key prefix for this run, and
 * removes both at the end. Nothing depends on what an earlier run left.
 */
public final class TestEnvironment implements LauncherSessionListener {
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static volatile TestEnvironment current;

  private String adminUrl;
  private String databaseUrl;
  private String redisUrl;
  private String keyPrefix;
  private DevServices embedded;
  private JsonObject keys;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    RequestId.init();
    // Every typed bus message of every test takes the clustered bus's path (encoded, then decoded): a
    // payload that would not survive a cluster fails the suite.
    BusCodec.encodeLocally(true);
    current = this;
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (databaseUrl != null) {
      dropDatabase();
      deleteKeys();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  /** Settings pointing a server at this run's database and key prefix. */
  public static synchronized JsonObject settings() {
    TestEnvironment env = current;
    if (env.databaseUrl == null) {
      env.prepare();
    }
    return new JsonObject()
        .put("JWT_PRIVATE_KEY", env.keys.getString("JWT_PRIVATE_KEY"))
        .put("JWT_PUBLIC_KEY", env.keys.getString("JWT_PUBLIC_KEY"))
        .put("DATABASE_URL", env.databaseUrl)
        .put("REDIS_URL", env.redisUrl)
        .put("REDIS_KEY_PREFIX", env.keyPrefix);
  }

  public static String databaseUrl() {
    settings();
    return current.databaseUrl;
  }

  /** This run's database URL with host and port replaced by 127.0.0.1 and {@code port} (a TcpProxy's). */
  public static String databaseUrlVia(int port) {
    var db = io.vertx.pgclient.PgConnectOptions.fromUri(databaseUrl());
    StringBuilder url = new StringBuilder("postgresql://").append(encode(db.getUser()));
    if (db.getPassword() != null && !db.getPassword().isEmpty()) {
      url.append(':').append(encode(db.getPassword()));
    }
    return url.append("@127.0.0.1:").append(port).append('/').append(encode(db.getDatabase())).toString();
  }

  private static String encode(String part) {
    return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String redisUrl() {
    settings();
    return current.redisUrl;
  }

  public static String keyPrefix() {
    settings();
    return current.keyPrefix;
  }

  private void prepare() {
    String pg = System.getenv("TEST_DATABASE_URL");
    String redis = System.getenv("TEST_REDIS_URL");
    boolean localPg = pg == null && reachable(5432);
    boolean localRedis = redis == null && reachable(6379);
    if ((pg == null && !localPg) || (redis == null && !localRedis)) {
      try {
        embedded = DevServices.start(Files.createTempDirectory("clinic-test-"), pg == null && !localPg, redis == null && !localRedis);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    adminUrl = pg != null ? pg : localPg ? "postgresql://postgres@127.0.0.1:5432/postgres" : embedded.overrides().getString("DATABASE_URL");
    redisUrl = redis != null ? redis : localRedis ? "redis://127.0.0.1:6379/0" : embedded.overrides().getString("REDIS_URL");
    keyPrefix = "clinic-test-" + RUN + ":";
    keys = signingKeys();
    String database = "clinic_test_" + RUN;
    execute(adminUrl, "CREATE DATABASE " + database);
    databaseUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
  }

  /** One RS256 key pair for the run, made the way dev mode makes its own. */
  private static JsonObject signingKeys() {
    try {
      JsonObject raw = org.clinicapi.config.ConfigLoader.defaults().put("DATA_DIR", Files.createTempDirectory("clinic-keys-").toString());
      return org.clinicapi.auth.tokens.DevKeys.ensure(org.clinicapi.config.AppConfig.from(raw));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void dropDatabase() {
    String database = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
    execute(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private void deleteKeys() {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, redisUrl);
      RedisAPI api = RedisAPI.api(client);
      Response keys = api.keys(keyPrefix + "*").await(10, TimeUnit.SECONDS);
      List<String> names = keys.stream().map(Response::toString).toList();
      if (!names.isEmpty()) {
        api.del(names).await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      System.err.println("could not clean Redis keys " + keyPrefix + "*: " + e);
    } finally {
      vertx.close();
    }
  }

  static void execute(String url, String sql) {
    try (Connection c = jdbc(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }

  /** JDBC connection for test assertions (off the event loop only). */
  public static Connection jdbc(String url) throws SQLException {
    var options = io.vertx.pgclient.PgConnectOptions.fromUri(url);
    String jdbc = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return DriverManager.getConnection(jdbc, options.getUser(), options.getPassword());
  }

  private static boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

}
