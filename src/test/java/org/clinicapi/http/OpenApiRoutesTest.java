package org.clinicapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Every operation the served OpenAPI document describes is routed by the server")
class OpenApiRoutesTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  @DisplayName("no documented path and method answers 404 or 405")
  void documentedOperationsRouted(Vertx vertx) {
    // Google sign-in is routed only when an issuer is configured; an unreachable one makes its routes answer 503.
    JsonObject settings = new JsonObject().put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("OIDC_ISSUER", "http://127.0.0.1:1/issuer").put("OIDC_CLIENT_ID", "clinic").put("OIDC_CLIENT_SECRET", "secret")
        .put("OIDC_REDIRECT_URI", "http://127.0.0.1/callback").put("OIDC_ALLOWED_DOMAINS", "clinic.example");
    try (TestServer server = TestServer.start(settings)) {
      ApiClient api = new ApiClient(vertx, server);
      JsonObject paths = api.get("/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
      List<String> unrouted = new ArrayList<>();
      for (String path : paths.fieldNames()) {
        for (String method : paths.getJsonObject(path).fieldNames()) {
          if (!METHODS.contains(method)) {
            continue;
          }
          String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
          HttpResponse<Buffer> response = api.call(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), concrete, null,
              method.equals("get") || method.equals("delete") ? null : new JsonObject());
          // Unauthenticated calls: a routed path answers 401, 400, 2xx or 3xx, never 404 (auth comes before lookup).
          if (response.statusCode() == 405 || response.statusCode() == 404) {
            unrouted.add(method.toUpperCase(Locale.ROOT) + " " + path + " → " + response.statusCode());
          }
        }
      }
      assertThat(paths.size()).isGreaterThan(20);
      assertThat(unrouted).as("documented but not routed").isEmpty();
    }
  }
}
