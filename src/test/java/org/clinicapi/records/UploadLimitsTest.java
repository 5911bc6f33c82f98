package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Uploads are streamed: 10 MiB limit answered early with 413, temporary files always removed")
class UploadLimitsTest {
  private static final int MAX = 10 * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private static TestServer server;
  private static ApiClient api;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    server = TestServer.lenient();
    api = new ApiClient(v, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> upload(String token, byte[] bytes) {
    Multipart form = Multipart.form().field("category", "other").file("big.txt", "text/plain", bytes);
    return ApiClient.await(api.request(HttpMethod.POST, "/api/v1/files").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", Multipart.CONTENT_TYPE).sendBuffer(form.body()));
  }

  private static byte[] text(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'a');
    return bytes;
  }

  private static List<Path> parts() throws IOException {
    Path root = server.config().files().directory();
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }

  /** The server removes a part when the exchange ends, which may be just after the client saw the answer. */
  private static void awaitNoParts() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!parts().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(parts()).as("temporary files left behind").isEmpty();
  }

  private static void awaitPart() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (parts().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(parts()).as("the upload is being written to a temporary file").isNotEmpty();
  }

  private static HttpClientRequest open(HttpClient client, String token) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.port())
        .setURI("/api/v1/files").putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", Multipart.CONTENT_TYPE);
    HttpClientRequest request = ApiClient.await(client.request(options));
    request.setChunked(true);
    return request;
  }

  @Test
  @DisplayName("exactly 10 MiB is stored; 10 MiB + 1 byte is 413 PAYLOAD_TOO_LARGE and leaves no temporary file")
  void limitBoundary() throws Exception {
    String patient = api.registerPatient("Big Uploader").getString("accessToken");

    HttpResponse<Buffer> exact = upload(patient, text(MAX));
    HttpResponse<Buffer> over = upload(patient, text(MAX + 1));

    assertThat(exact.statusCode()).as(exact.bodyAsString()).isEqualTo(201);
    assertThat(exact.bodyAsJsonObject().getJsonObject("data").getLong("size")).isEqualTo(MAX);
    assertThat(exact.bodyAsJsonObject().getJsonObject("data").getString("sha256")).isEqualTo(Multipart.sha256(text(MAX)));
    String id = exact.bodyAsJsonObject().getJsonObject("data").getString("id");
    assertThat(Files.size(server.config().files().directory().resolve(id.substring(0, 2)).resolve(id)))
        .as("every byte reached the disk").isEqualTo(MAX);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE size > ?", (long) MAX)).isZero();
    awaitNoParts();
  }

  @Test
  @DisplayName("a streamed body far over the limit gets its 413 long before the client has sent it all")
  void earlyAnswerWhileStreaming() throws Exception {
    String patient = api.registerPatient("Endless Uploader").getString("accessToken");
    long total = 64L * 1024 * 1024;
    HttpClient client = vertx.createHttpClient();
    HttpClientRequest request = open(client, patient);
    AtomicLong sent = new AtomicLong();
    AtomicLong sentAtAnswer = new AtomicLong(-1);
    Promise<HttpClientResponse> answered = Promise.promise();
    // The body is read in the response callback itself: handlers set later could miss its chunks.
    Future<Buffer> body = request.response().compose(r -> {
      sentAtAnswer.compareAndSet(-1, sent.get());
      answered.tryComplete(r);
      return r.body();
    });
    Buffer chunk = Buffer.buffer(text(CHUNK));
    request.exceptionHandler(e -> { });
    vertx.runOnContext(v -> {
      request.write(Multipart.form().file("endless.txt", "text/plain", new byte[0]).fileHead());
      pump(request, chunk, sent, total, answered);
    });

    HttpClientResponse response = ApiClient.await(answered.future());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(ApiClient.await(body).toJsonObject().getJsonObject("error").getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(sentAtAnswer.get()).as("bytes sent when the answer came").isLessThan(total / 2);
    client.close();
    awaitNoParts();
  }

  /** Writes chunks as fast as the connection takes them, until the answer arrives or everything is sent. */
  private static void pump(HttpClientRequest request, Buffer chunk, AtomicLong sent, long total, Promise<HttpClientResponse> answered) {
    while (!answered.future().isComplete() && sent.get() < total && !request.writeQueueFull()) {
      request.write(chunk);
      sent.addAndGet(chunk.length());
    }
    if (!answered.future().isComplete() && sent.get() < total) {
      request.drainHandler(v -> pump(request, chunk, sent, total, answered));
    }
  }

  @Test
  @DisplayName("a declared Content-Length over the limit is refused with 413 before any byte is stored")
  void declaredLengthTooLarge() throws Exception {
    String patient = api.registerPatient("Honest Uploader").getString("accessToken");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.port())
        .setURI("/api/v1/upload").putHeader("Authorization", "Bearer " + patient).putHeader("Content-Type", Multipart.CONTENT_TYPE)
        .putHeader("Content-Length", String.valueOf(MAX * 2L));
    HttpClient client = vertx.createHttpClient();
    HttpClientRequest request = ApiClient.await(client.request(options));
    request.exceptionHandler(e -> { });
    Promise<HttpClientResponse> answered = Promise.promise();
    request.response().onComplete(answered);
    vertx.runOnContext(v -> request.write(Multipart.form().file("big.txt", "text/plain", new byte[0]).fileHead()));

    HttpClientResponse response = ApiClient.await(answered.future());

    assertThat(response.statusCode()).isEqualTo(413);
    client.close();
    awaitNoParts();
  }

  @Test
  @DisplayName("a client that disconnects mid-upload leaves neither a temporary file nor a row")
  void abortedUploadCleanedUp() throws Exception {
    String patient = api.registerPatient("Quitter").getString("accessToken");
    UUID patientId = UUID.fromString(api.get("/api/v1/users/me", patient).bodyAsJsonObject().getJsonObject("data").getString("id"));
    HttpClient client = vertx.createHttpClient();
    HttpClientRequest request = open(client, patient);
    request.exceptionHandler(e -> { });
    Buffer chunk = Buffer.buffer(text(CHUNK));
    vertx.runOnContext(v -> {
      request.write(Multipart.form().file("half.txt", "text/plain", new byte[0]).fileHead());
      for (int i = 0; i < 16; i++) {
        request.write(chunk);
      }
    });
    awaitPart();

    ApiClient.await(request.connection().close());

    awaitNoParts();
    assertThat(Accounts.count("SELECT count(*) FROM files WHERE patient_id = ?", patientId)).isZero();
    client.close();
  }
}
