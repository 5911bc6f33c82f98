package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("CORS admits only the configured origins, with credentials, and is off when none are configured")
class CorsTest {
  private static final String ALLOWED = "https://app.example.com";
  private static final String EVIL = "https://evil.example.com";
  private static TestServer corsServer;
  private static TestServer plainServer;
  private static WebClient cors;
  private static WebClient plain;

  @BeforeAll
  static void start(Vertx vertx) {
    corsServer = TestServer.start(new JsonObject().put("CORS_ALLOWED_ORIGINS", ALLOWED));
    plainServer = TestServer.start();
    cors = WebClient.create(vertx, new WebClientOptions().setDefaultPort(corsServer.port()).setDefaultHost("127.0.0.1"));
    plain = WebClient.create(vertx, new WebClientOptions().setDefaultPort(plainServer.port()).setDefaultHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    cors.close();
    plain.close();
    corsServer.close();
    plainServer.close();
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> request) throws Exception {
    return request.await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> preflight(WebClient client, String origin) throws Exception {
    return await(client.request(HttpMethod.OPTIONS, "/api/v1/anything")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "Content-Type, Idempotency-Key")
        .send());
  }

  @Test
  @DisplayName("a preflight from the allowed origin is answered with that origin, credentials and the requested method")
  void allowedOriginPreflightAllowed() throws Exception {
    HttpResponse<Buffer> response = preflight(cors, ALLOWED);
    assertThat(response.statusCode()).isBetween(200, 204);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("POST");
    assertThat(response.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("Idempotency-Key");
    assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("600");
  }

  @Test
  @DisplayName("an actual request from the allowed origin gets the origin back and may read the contract's headers")
  void allowedOriginRequestExposesHeaders() throws Exception {
    HttpResponse<Buffer> response = await(cors.get("/api/v1/anything").putHeader("Origin", ALLOWED).send());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.getHeader("Access-Control-Expose-Headers"))
        .contains("X-Request-Id").contains("Retry-After").contains("RateLimit-Remaining");
  }

  @Test
  @DisplayName("a request from another origin is refused with a 403 FORBIDDEN envelope and no CORS grant")
  void otherOriginForbidden() throws Exception {
    HttpResponse<Buffer> response = await(cors.get("/api/v1/anything").putHeader("Origin", EVIL).send());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("success")).isFalse();
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("FORBIDDEN");
    assertThat(body.getJsonObject("meta").getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();

    HttpResponse<Buffer> evilPreflight = preflight(cors, EVIL);
    assertThat(evilPreflight.statusCode()).isEqualTo(403);
    assertThat(evilPreflight.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("a request without Origin (same-origin or non-browser) is served normally")
  void noOriginServed() throws Exception {
    HttpResponse<Buffer> response = await(cors.get("/api/v1/anything").send());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("with no origins configured no response grants cross-origin access, to any origin")
  void noOriginsConfiguredNoGrant() throws Exception {
    HttpResponse<Buffer> get = await(plain.get("/api/v1/anything").putHeader("Origin", ALLOWED).send());
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(get.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(get.getHeader("Access-Control-Allow-Credentials")).isNull();

    HttpResponse<Buffer> options = preflight(plain, ALLOWED);
    assertThat(options.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(options.getHeader("Access-Control-Allow-Methods")).isNull();

    HttpResponse<Buffer> evil = await(plain.get("/health/live").putHeader("Origin", EVIL).send());
    assertThat(evil.statusCode()).isEqualTo(200);
    assertThat(evil.getHeader("Access-Control-Allow-Origin")).isNull();
  }
}
