package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.auth.tokens.DevKeys;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Signing keys: ES256 works, only the configured algorithm is accepted, and a rotation logs nobody out")
class KeyRotationTest {

  private static JsonObject keys(String algorithm) throws Exception {
    JsonObject raw = ConfigLoader.defaults().put("JWT_ALGORITHM", algorithm)
        .put("DATA_DIR", Files.createTempDirectory("clinic-keys-").toString());
    return DevKeys.ensure(AppConfig.from(raw)).put("JWT_ALGORITHM", algorithm);
  }

  @Test
  @DisplayName("with ES256 a session works, the JWKS shows an EC key, and an RS256 token of the same issuer is refused")
  void es256AcceptedRs256Refused(Vertx vertx) throws Exception {
    String rsToken;
    try (TestServer rs = TestServer.lenient()) {
      rsToken = new ApiClient(vertx, rs).registerPatient("Rs Patient").getString("accessToken");
    }
    try (TestServer es = TestServer.start(keys("ES256"))) {
      ApiClient api = new ApiClient(vertx, es);
      String esToken = api.registerPatient("Es Patient").getString("accessToken");
      assertThat(api.get("/api/v1/users/me", esToken).statusCode()).isEqualTo(200);
      JsonObject jwk = api.get("/.well-known/jwks.json", null).bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
      assertThat(jwk.getString("kty")).isEqualTo("EC");
      assertThat(jwk.getString("crv")).isEqualTo("P-256");
      assertThat(jwk.getString("alg")).isEqualTo("ES256");
      assertThat(api.get("/api/v1/users/me", rsToken).statusCode()).as("RS256 token on an ES256 server").isEqualTo(401);
    }
  }

  @Test
  @DisplayName("after rotating to a new key, tokens signed with the previous one still work and both keys are published")
  void previousKeyStillAccepted(Vertx vertx) throws Exception {
    JsonObject old = TestEnvironment.settings();
    JsonObject fresh = keys("RS256");
    String oldToken;
    try (TestServer before = TestServer.start()) {
      oldToken = new ApiClient(vertx, before).registerPatient("Rotated Patient").getString("accessToken");
    }
    JsonObject rotated = fresh.copy().put("JWT_PREVIOUS_PUBLIC_KEYS", old.getString("JWT_PUBLIC_KEY"));
    try (TestServer after = TestServer.start(rotated)) {
      ApiClient api = new ApiClient(vertx, after);
      assertThat(api.get("/api/v1/users/me", oldToken).statusCode()).isEqualTo(200);
      assertThat(api.get("/.well-known/jwks.json", null).bodyAsJsonObject().getJsonArray("keys")).hasSize(2);
      String newToken = api.registerPatient("New Key Patient").getString("accessToken");
      assertThat(api.get("/api/v1/users/me", newToken).statusCode()).isEqualTo(200);
    }
    try (TestServer withoutPrevious = TestServer.start(fresh)) {
      assertThat(new ApiClient(vertx, withoutPrevious).get("/api/v1/users/me", oldToken).statusCode())
          .as("once the old key is dropped its tokens are refused").isEqualTo(401);
    }
  }
}
