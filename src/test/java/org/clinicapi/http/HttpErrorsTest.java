package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Every error comes in the contract's envelope with the right status and a request id")
class HttpErrorsTest {
  private static TestServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    server = TestServer.start();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.port()).setDefaultHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> await(io.vertx.core.Future<HttpResponse<Buffer>> request) throws Exception {
    return request.await(20, TimeUnit.SECONDS);
  }

  private static JsonObject assertEnvelope(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    String requestId = response.getHeader("X-Request-Id");
    assertThat(requestId).isNotBlank();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("success")).isFalse();
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
    assertThat(body.getJsonObject("meta").getString("requestId")).isEqualTo(requestId);
    assertThat(body.getJsonObject("meta").getString("timestamp")).isNotBlank();
    return body;
  }

  @Test
  @DisplayName("an unknown API path is a 404 NOT_FOUND envelope")
  void unknownPathNotFound() throws Exception {
    assertEnvelope(await(client.get("/api/v1/no-such-thing").send()), 404, "NOT_FOUND");
  }

  @Test
  @DisplayName("a wrong method on a known path is a 405 with Allow")
  void wrongMethodNotAllowed() throws Exception {
    HttpResponse<Buffer> response = await(client.post("/health/live").send());
    assertEnvelope(response, 405, "METHOD_NOT_ALLOWED");
    assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  @DisplayName("a known API path asked with a method it does not have is a 405 with Allow, though every feature is its own router")
  void wrongMethodOnApiPathNotAllowed() throws Exception {
    HttpResponse<Buffer> login = await(client.delete("/api/v1/auth/login").send());
    assertEnvelope(login, 405, "METHOD_NOT_ALLOWED");
    assertThat(login.getHeader("Allow")).isEqualTo("POST");

    HttpResponse<Buffer> appointment = await(client.put("/api/v1/appointments/" + UUID.randomUUID()).send());
    assertEnvelope(appointment, 405, "METHOD_NOT_ALLOWED");
    assertThat(appointment.getHeader("Allow")).as("a path with a parameter").isEqualTo("GET, PATCH, DELETE");

    HttpResponse<Buffer> appointments = await(client.delete("/api/v1/appointments").send());
    assertEnvelope(appointments, 405, "METHOD_NOT_ALLOWED");
    assertThat(appointments.getHeader("Allow")).as("methods from two feature routers").isEqualTo("GET, POST");
  }

  @Test
  @DisplayName("an unknown API path stays a 404 whatever the method, without Allow")
  void unknownPathAnyMethodNotFound() throws Exception {
    HttpResponse<Buffer> response = await(client.delete("/api/v1/auth/no-such-thing").send());
    assertEnvelope(response, 404, "NOT_FOUND");
    assertThat(response.getHeader("Allow")).isNull();
    HttpResponse<Buffer> deeper = await(client.put("/api/v1/appointments/" + UUID.randomUUID() + "/no-such-thing").send());
    assertEnvelope(deeper, 404, "NOT_FOUND");
    assertThat(deeper.getHeader("Allow")).isNull();
  }

  @Test
  @DisplayName("a JSON body over 1 MiB is a 413 PAYLOAD_TOO_LARGE")
  void oversizedBodyTooLarge() throws Exception {
    Buffer big = Buffer.buffer("{\"x\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}");
    HttpResponse<Buffer> response = await(client.post("/api/v1/anything").putHeader("Content-Type", "application/json").sendBuffer(big));
    assertEnvelope(response, 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  @DisplayName("malformed JSON is a 400 VALIDATION_ERROR naming the body")
  void malformedJsonValidationError() throws Exception {
    HttpResponse<Buffer> response = await(client.post("/api/v1/anything")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"a\": ")));
    JsonObject body = assertEnvelope(response, 400, "VALIDATION_ERROR");
    assertThat(body.getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("body");
  }

  @Test
  @DisplayName("a body that is not JSON is a 415 UNSUPPORTED_MEDIA_TYPE")
  void nonJsonBodyUnsupported() throws Exception {
    HttpResponse<Buffer> response = await(client.post("/api/v1/anything")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("hello")));
    assertEnvelope(response, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  @DisplayName("a sane client request id is echoed; an unsafe one is replaced")
  void requestIdEchoedOrGenerated() throws Exception {
    HttpResponse<Buffer> echoed = await(client.get("/api/v1/x").putHeader("X-Request-Id", "abc-123_client.1").send());
    assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("abc-123_client.1");
    assertThat(echoed.bodyAsJsonObject().getJsonObject("meta").getString("requestId")).isEqualTo("abc-123_client.1");

    HttpResponse<Buffer> replaced = await(client.get("/api/v1/x").putHeader("X-Request-Id", "evil\"<script>").send());
    assertThat(replaced.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");

    HttpResponse<Buffer> generated = await(client.get("/health/live").send());
    assertThat(generated.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  @DisplayName("API responses carry the security headers and no-store")
  void securityHeadersPresent() throws Exception {
    HttpResponse<Buffer> response = await(client.get("/api/v1/x").send());
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("Strict-Transport-Security")).as("no HSTS over plain http").isNull();
  }
}
