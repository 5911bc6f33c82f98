package org.clinicapi.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The server compresses on request, speaks HTTP/2 in clear text, and sends HSTS only over TLS")
class CompressionAndProtocolTest {
  private static Vertx vertx;
  private static TestServer plainServer;
  private static TestServer tlsServer;
  private static SelfSignedCertificate certificate;

  @BeforeAll
  static void start(Vertx testVertx) {
    vertx = testVertx;
    plainServer = TestServer.start();
    // The test's https client builds its first TLS context on an event loop, and Vert.x then lists the JDK's
    // cipher suites once per JVM, reading the JDK trust store from disk (BlockHound flags that read). Do that
    // one-time class initialisation here, on the test thread; it is client-side only.
    try {
      Class.forName("io.vertx.core.spi.tls.DefaultJDKCipherSuite", true, Vertx.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    certificate = SelfSignedCertificate.create("localhost");
    tlsServer = TestServer.start(new JsonObject()
        .put("HTTP_TLS_CERT_PATH", certificate.certificatePath())
        .put("HTTP_TLS_KEY_PATH", certificate.privateKeyPath()));
  }

  @AfterAll
  static void stop() {
    plainServer.close();
    tlsServer.close();
    certificate.delete();
  }

  /** What a raw client saw: protocol, status, headers and the bytes exactly as they came over the wire. */
  private record Exchange(HttpVersion version, int status, MultiMap headers, Buffer body) {
  }

  private static Exchange get(HttpClientOptions options, int port, String path, MultiMap headers) throws Exception {
    return exchange(options, port, HttpMethod.GET, path, headers, null);
  }

  /**
   * One exchange on a fresh client, tried a second time if the first gets no answer within 10 s. In some full
   * suite runs from a fresh clone (2 of 5 on 2026-12-05, never alone) one exchange of this class got no
   * answer within 20 s although the server's access log shows the request answered 200 at once: a client-side
   * stall not yet understood (see the README's "Tests"). The second attempt asserts the same things.
   */
  private static Exchange exchange(HttpClientOptions options, int port, HttpMethod method, String path, MultiMap headers,
      Buffer body) throws Exception {
    try {
      return attempt(options, port, method, path, headers, body);
    } catch (java.util.concurrent.TimeoutException stalled) {
      return attempt(options, port, method, path, headers, body);
    }
  }

  private static Exchange attempt(HttpClientOptions options, int port, HttpMethod method, String path, MultiMap headers,
      Buffer body) throws Exception {
    HttpClient client = vertx.createHttpClient(options);
    try {
      return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
              .setURI(path).setHeaders(headers))
          .compose(request -> body == null ? request.send() : request.send(body))
          .compose(response -> response.body()
              .map(received -> new Exchange(response.version(), response.statusCode(), response.headers(), received)))
          .await(10, TimeUnit.SECONDS);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static HttpClientOptions rawHttp1() {
    return new HttpClientOptions().setDecompressionSupported(false);
  }

  private static byte[] gunzip(Buffer body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      return in.readAllBytes();
    }
  }

  @Test
  @DisplayName("/openapi.json is gzip-encoded for a client that accepts gzip, and plain for one that does not")
  void acceptGzipCompressedDocument() throws Exception {
    Exchange gzipped = get(rawHttp1(), plainServer.port(), "/openapi.json", MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip"));
    assertThat(gzipped.status()).isEqualTo(200);
    assertThat(gzipped.headers().get("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.body().getByte(0)).as("gzip magic").isEqualTo((byte) 0x1f);
    assertThat(gzipped.body().getByte(1)).as("gzip magic").isEqualTo((byte) 0x8b);
    byte[] inflated = gunzip(gzipped.body());
    JsonObject document = new JsonObject(Buffer.buffer(inflated));
    assertThat(document.getString("openapi")).startsWith("3.1");
    assertThat(gzipped.body().length()).as("compression made it smaller").isLessThan(inflated.length);

    Exchange identity = get(rawHttp1(), plainServer.port(), "/openapi.json", MultiMap.caseInsensitiveMultiMap());
    assertThat(identity.status()).isEqualTo(200);
    assertThat(identity.headers().get("Content-Encoding")).isNull();
    assertThat(new JsonObject(identity.body()).getString("openapi")).startsWith("3.1");
    assertThat(identity.body().getBytes()).isEqualTo(inflated);
  }

  @Test
  @DisplayName("an HTTP/2 clear-text client with prior knowledge is served over HTTP/2, errors included")
  void h2cPriorKnowledgeServedOverHttp2() throws Exception {
    HttpClientOptions h2c = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    Exchange exchange = get(h2c, plainServer.port(), "/health/live", MultiMap.caseInsensitiveMultiMap());
    assertThat(exchange.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(exchange.status()).isEqualTo(200);
    assertThat(new JsonObject(exchange.body()).getString("status")).isEqualTo("UP");
    assertThat(exchange.headers().get("X-Request-Id")).isNotBlank();

    Exchange notFound = get(h2c, plainServer.port(), "/api/v1/anything", MultiMap.caseInsensitiveMultiMap());
    assertThat(notFound.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(new JsonObject(notFound.body()).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");

    // An error raised after the body was read is still the contract's envelope over HTTP/2 (it was a 500).
    Exchange malformed = exchange(h2c, plainServer.port(), HttpMethod.POST, "/api/v1/anything",
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"), Buffer.buffer("{\"a\": "));
    assertThat(malformed.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(new JsonObject(malformed.body()).getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  @DisplayName("over TLS responses carry Strict-Transport-Security (and HTTP/2 is negotiated); over plain http they do not")
  void tlsSendsHstsPlainDoesNot() throws Exception {
    HttpClientOptions https = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
    Exchange secure = get(https, tlsServer.port(), "/api/v1/anything", MultiMap.caseInsensitiveMultiMap());
    assertThat(secure.status()).isEqualTo(404);
    assertThat(secure.headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");

    HttpClientOptions alpn = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    Exchange secureH2 = get(alpn, tlsServer.port(), "/health/live", MultiMap.caseInsensitiveMultiMap());
    assertThat(secureH2.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(secureH2.status()).isEqualTo(200);
    assertThat(secureH2.headers().get("Strict-Transport-Security")).isNotBlank();

    Exchange plain = get(rawHttp1(), plainServer.port(), "/api/v1/anything", MultiMap.caseInsensitiveMultiMap());
    assertThat(plain.status()).isEqualTo(404);
    assertThat(plain.headers().get("Strict-Transport-Security")).isNull();
  }
}
