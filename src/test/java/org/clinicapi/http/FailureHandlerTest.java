package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.web.RequestIdHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The failure handler maps every failure to the contract and leaks no internals")
class FailureHandlerTest {
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.get("/boom").handler(ctx -> {
      throw new IllegalStateException("SELECT secret FROM patients WHERE host=db.internal:5432");
    });
    router.get("/conflict").handler(ctx -> ctx.fail(new ServiceException(ErrorCode.SLOT_TAKEN, "The time slot is already taken.")));
    router.get("/unavailable").handler(ctx -> ctx.fail(new HttpException(503)));
    router.route().failureHandler(new FailureHandler(7));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> get(String path) throws Exception {
    return client.get(server.actualPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("an unexpected exception is a 500 INTERNAL_ERROR with an opaque reference and no exception text")
  void unexpectedExceptionOpaque500() throws Exception {
    HttpResponse<Buffer> response = get("/boom");
    assertThat(response.statusCode()).isEqualTo(500);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("INTERNAL_ERROR");
    assertThat(error.getString("message")).matches("Unexpected error\\. Reference: [0-9a-f-]{36}");
    assertThat(response.bodyAsString()).doesNotContain("SELECT", "secret", "db.internal", "IllegalStateException", "at org.");
  }

  @Test
  @DisplayName("a service error keeps its code and status")
  void serviceExceptionKeepsCode() throws Exception {
    HttpResponse<Buffer> response = get("/conflict");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SLOT_TAKEN");
  }

  @Test
  @DisplayName("a bare 503 becomes SERVICE_UNAVAILABLE with Retry-After")
  void bare503HasRetryAfter() throws Exception {
    HttpResponse<Buffer> response = get("/unavailable");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("7");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
  }
}
