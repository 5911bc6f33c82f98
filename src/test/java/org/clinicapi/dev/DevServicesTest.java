package org.clinicapi.dev;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Embedded dev services start, keep their data across a restart, and stop")
class DevServicesTest {

  @Test
  @DisplayName("data written to embedded PostgreSQL and Redis is still there after a restart; ports close on stop")
  void restartKeepsDataAndStopFreesPorts(Vertx vertx, @TempDir Path dataDir) throws Exception {
    String databaseUrl;
    String redisUrl;
    try (DevServices first = DevServices.start(dataDir, true, true)) {
      databaseUrl = first.overrides().getString("DATABASE_URL");
      redisUrl = first.overrides().getString("REDIS_URL");
      try (Connection c = TestEnvironment.jdbc(databaseUrl)) {
        c.createStatement().execute("CREATE TABLE kept (note text)");
        c.createStatement().execute("INSERT INTO kept VALUES ('survives')");
      }
      redis(vertx, redisUrl).set(List.of("kept", "survives")).await(10, TimeUnit.SECONDS);
    }
    assertThat(listening(databaseUrl)).as("postgres stopped").isFalse();
    assertThat(listening(redisUrl)).as("redis stopped").isFalse();

    try (DevServices second = DevServices.start(dataDir, true, true)) {
      try (Connection c = TestEnvironment.jdbc(second.overrides().getString("DATABASE_URL"));
           ResultSet rows = c.createStatement().executeQuery("SELECT note FROM kept")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("survives");
      }
      Response kept = redis(vertx, second.overrides().getString("REDIS_URL")).get("kept").await(10, TimeUnit.SECONDS);
      assertThat(kept).isNotNull();
      assertThat(kept.toString()).isEqualTo("survives");
    }
  }

  private static RedisAPI redis(Vertx vertx, String url) {
    return RedisAPI.api(Redis.createClient(vertx, url));
  }

  private static boolean listening(String url) {
    URI uri = URI.create(url);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
