package org.clinicapi.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Forged, altered, stale and misdirected tokens are all 401")
class JwtAttackTest {
  private static TestServer server;
  private static ApiClient api;
  private static JsonObject claims;
  private static String kid;
  private static PrivateKey key;
  private static String publicPem;
  private static String refreshToken;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    server = TestServer.start();
    api = new ApiClient(vertx, server);
    JsonObject user = api.registerPatient("Mallory Target");
    String token = user.getString("accessToken");
    refreshToken = user.getString("refreshToken");
    claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    kid = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).getString("kid");
    String pem = TestEnvironment.settings().getString("JWT_PRIVATE_KEY");
    publicPem = TestEnvironment.settings().getString("JWT_PUBLIC_KEY");
    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("a token we sign ourselves with the real key is accepted (the forgeries below differ in one thing each)")
  void controlTokenAccepted() throws Exception {
    assertThat(api.get("/api/v1/users/me", rs256(header(kid), claims.copy().put("jti", "control"))).statusCode()).isEqualTo(200);
  }

  static Stream<Object[]> forgeries() {
    long now = System.currentTimeMillis() / 1000;
    return Stream.<Object[]>of(
        new Object[] {"alg none", (Function<JsonObject, String>) c -> unsigned(c)},
        new Object[] {"HS256 keyed with the public key", (Function<JsonObject, String>) c -> hs256(c)},
        new Object[] {"unknown kid", (Function<JsonObject, String>) c -> rs256(header("someone-elses-key"), c)},
        new Object[] {"tampered payload", (Function<JsonObject, String>) c -> tampered(c)},
        new Object[] {"expired", (Function<JsonObject, String>) c -> rs256(header(kid), c.copy().put("exp", now - 120))},
        new Object[] {"not yet valid", (Function<JsonObject, String>) c -> rs256(header(kid), c.copy().put("nbf", now + 600).put("iat", now + 600))},
        new Object[] {"wrong issuer", (Function<JsonObject, String>) c -> rs256(header(kid), c.copy().put("iss", "evil"))},
        new Object[] {"wrong audience", (Function<JsonObject, String>) c -> rs256(header(kid), c.copy().put("aud", "another-api"))},
        new Object[] {"missing session claim", (Function<JsonObject, String>) c -> rs256(header(kid), withoutSid(c))},
        new Object[] {"refresh token as access token", (Function<JsonObject, String>) c -> refreshToken},
        new Object[] {"garbage", (Function<JsonObject, String>) c -> "not.a.token"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  @DisplayName("forged token")
  void forgedTokenRejected(String name, Function<JsonObject, String> forge) {
    var response = api.get("/api/v1/users/me", forge.apply(claims));
    assertThat(response.statusCode()).as(name).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  private static JsonObject header(String keyId) {
    return new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
  }

  private static JsonObject withoutSid(JsonObject c) {
    JsonObject copy = c.copy();
    copy.remove("sid");
    return copy;
  }

  private static String rs256(JsonObject header, JsonObject payload) {
    try {
      String input = b64(header.encode()) + "." + b64(payload.encode());
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(JsonObject payload) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + b64(payload.encode()) + ".";
  }

  private static String hs256(JsonObject payload) {
    try {
      String input = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid).encode()) + "." + b64(payload.encode());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(publicPem.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tampered(JsonObject payload) {
    String genuine = rs256(header(kid), payload);
    String[] parts = genuine.split("\\.");
    return parts[0] + "." + b64(payload.copy().put("role", "superadmin").encode()) + "." + parts[2];
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] der(String pem, String type) {
    return Base64.getMimeDecoder().decode(pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", ""));
  }
}
