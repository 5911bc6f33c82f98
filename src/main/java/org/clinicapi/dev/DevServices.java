package org.clinicapi.dev;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Real PostgreSQL and Redis started by the server itself in dev mode when none is configured: free
 * loopback ports, data kept under the data directory so it survives restarts. Blocking; call it before
 * Vert.x starts. The libraries are optional dependencies, absent from the production jar.
 */
public final class DevServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);
  static final String DATABASE = "clinic";

  private EmbeddedPostgres postgres;
  private RedisServer redis;
  private final JsonObject overrides = new JsonObject();

  private DevServices() {
  }

  public static boolean available() {
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
      Class.forName("redis.embedded.RedisServer");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Starts what is missing; the returned overrides point DATABASE_URL and REDIS_URL at them. */
  public static DevServices start(Path dataDir, boolean postgres, boolean redis) {
    DevServices services = new DevServices();
    try {
      if (postgres) {
        services.startPostgres(dataDir.resolve("postgres"));
      }
      if (redis) {
        services.startRedis(dataDir.resolve("redis"));
      }
      return services;
    } catch (IOException | SQLException | RuntimeException e) {
      services.close();
      throw new IllegalStateException("could not start the embedded dev services: " + e.getMessage(), e);
    }
  }

  public JsonObject overrides() {
    return overrides.copy();
  }

  private void startPostgres(Path dir) throws IOException, SQLException {
    Files.createDirectories(dir);
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(freePort())
        .setServerConfig("listen_addresses", "127.0.0.1")
        // zonky's defaults (synchronous_commit off) lose the last acknowledged commits when PostgreSQL crashes.
        .setServerConfig("synchronous_commit", "on")
        .start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      if (!exists.executeQuery().next()) {
        try (Statement create = c.createStatement()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    overrides.put("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/" + DATABASE);
    LOG.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", postgres.getPort(), dir);
  }

  private void startRedis(Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = freePort();
    redis = RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("dir " + dir.toAbsolutePath())
        .setting("appendonly yes")
        .setting("save 60 1")
        .setting("protected-mode yes")
        .build();
    redis.start();
    overrides.put("REDIS_URL", "redis://127.0.0.1:" + port + "/0");
    LOG.info("embedded Redis on 127.0.0.1:{}, data in {}", port, dir);
  }

  @Override
  public void close() {
    try {
      if (redis != null) {
        redis.stop();
      }
      if (postgres != null) {
        postgres.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      redis = null;
      postgres = null;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
