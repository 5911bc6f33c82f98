package org.clinicapi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Graceful shutdown: readiness goes first, in-flight requests finish, then the port closes")
class ShutdownTest {

  @Test
  @DisplayName("a request under way when shutdown starts still gets its full response")
  void inFlightRequestFinishes(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(new JsonObject().put("HTTP_SHUTDOWN_DRAIN_MS", 1500).put("HTTP_INSTANCES", 1));
    WebClient web = WebClient.create(vertx);
    NetClient net = vertx.createNetClient();
    try {
      assertThat(web.get(server.port(), "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

      // Half a request: headers and part of the body. The server is now serving it.
      NetSocket socket = net.connect(server.port(), "127.0.0.1").await(10, TimeUnit.SECONDS);
      Promise<String> response = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> response.tryComplete(received.toString()));
      socket.write("POST /api/v1/anything HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 9\r\nConnection: close\r\n\r\n{\"a\":");

      Future<Void> shutdown = server.deployment().shutdown();

      // The drain notice reaches the HTTP verticles over the event bus: poll, within the drain window.
      int readiness = 200;
      for (int i = 0; i < 50 && readiness == 200; i++) {
        readiness = web.get(server.port(), "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS).statusCode();
      }
      assertThat(readiness).as("readiness fails first, while the server still serves").isEqualTo(503);

      socket.write("\"b\"}");
      String raw = response.future().await(20, TimeUnit.SECONDS);
      assertThat(raw).startsWith("HTTP/1.1 404");
      assertThat(raw).contains("\"code\":\"NOT_FOUND\"");

      shutdown.await(30, TimeUnit.SECONDS);
      Future<NetSocket> late = net.connect(server.port(), "127.0.0.1");
      assertThat(late.transform(ar -> Future.succeededFuture(ar.failed())).await(10, TimeUnit.SECONDS))
          .as("port closed after shutdown").isTrue();
    } finally {
      server.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }
}
