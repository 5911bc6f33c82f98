package org.clinicapi.faults;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Blocking JSON calls from plain threads (never an event loop) to a server in another process, with
 * java.net.http: a refused or reset connection is an {@link IOException} the caller counts as "no answer".
 */
final class Http {
  static final String BOUNDARY = "clinic-faults-boundary-5c2e";

  /** Status and parsed body (null when the body is not JSON). */
  record Answer(int status, JsonObject body) {
    JsonObject data() {
      return body == null ? null : body.getJsonObject("data");
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Answer get(String path, String token) throws IOException {
    return send(request(path, token).GET());
  }

  Answer post(String path, String token, JsonObject body) throws IOException {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** A raw body (a signed webhook) with the given headers, name then value. */
  Answer postRaw(String path, String body, String... headers) throws IOException {
    return send(request(path, null).headers(headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A multipart body sent at once. */
  Answer upload(String path, String token, byte[] multipart) throws IOException {
    return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)));
  }

  /** A multipart body of {@code length} bytes read from the supplier's stream as it is sent (a slow client). */
  Answer upload(String path, String token, long length, Supplier<InputStream> multipart) throws IOException {
    return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(multipart), length)));
  }

  /** The multipart framing before a text file's bytes (category "other"); {@link #TAIL} follows them. */
  static String fileHead(String filename) {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nother\r\n--" + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: text/plain\r\n\r\n";
  }

  static final String TAIL = "\r\n--" + BOUNDARY + "--\r\n";

  /** A call a client repeats while it is answered 503 (a restarted server sheds load while its JVM warms up), for up to 30 s. */
  static Answer retrying503(Call call) throws IOException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Answer answer = call.send();
    while (answer.status() == 503 && System.nanoTime() < deadline) {
      pause(200);
      answer = call.send();
    }
    return answer;
  }

  @FunctionalInterface
  interface Call {
    Answer send() throws IOException;
  }

  /** A client's pause between tries (or a slow client's between chunks). */
  static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String body = response.body();
      return new Answer(response.statusCode(), body != null && body.startsWith("{") ? new JsonObject(body) : null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
