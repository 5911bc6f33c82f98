package org.clinicapi.records;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The storage health check fails when free space is below STORAGE_MIN_FREE_BYTES")
class StorageHealthTest {
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    // No disk has this much free space, so the floor is always above it.
    server = TestServer.start(new JsonObject().put("STORAGE_MIN_FREE_BYTES", Long.MAX_VALUE));
    api = new ApiClient(vertx, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("/health reports storage DOWN with free and required bytes (no path) and /health/ready is 503")
  void floorAboveFreeSpace() {
    HttpResponse<Buffer> health = api.get("/health", null);
    HttpResponse<Buffer> ready = api.get("/health/ready", null);

    assertThat(health.statusCode()).isEqualTo(503);
    JsonObject storage = health.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("storage")).findFirst().orElseThrow();
    assertThat(storage.getString("status")).isEqualTo("DOWN");
    assertThat(storage.getJsonObject("data").getLong("freeBytes")).isPositive();
    assertThat(storage.getJsonObject("data").getLong("minFreeBytes")).isEqualTo(Long.MAX_VALUE);
    assertThat(storage.getJsonObject("data").encode()).doesNotContain(server.config().dataDir().toString());
    assertThat(ready.statusCode()).isEqualTo(503);
  }
}
