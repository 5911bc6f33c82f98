package org.clinicapi.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP as a client under a fault sees it: every request has a client-side timeout (a hang becomes an
 * outcome, never a stuck test), and a failure to get an answer is an {@link Outcome} with status 0.
 */
final class FaultClient {
  static final String BOOK = "/api/v1/appointments";
  private final WebClient web;
  private final long timeoutMs;

  FaultClient(Vertx vertx, int port, long timeoutMs) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(64));
    this.timeoutMs = timeoutMs;
  }

  /** A booking as a careful client sends it: with an Idempotency-Key (null: none), so that it can be retried. */
  Future<Outcome> book(String token, String key, JsonObject body) {
    HttpRequest<Buffer> request = web.request(HttpMethod.POST, BOOK).putHeader("Authorization", "Bearer " + token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return timed(request, body);
  }

  Future<Outcome> get(String path, String token) {
    HttpRequest<Buffer> request = web.request(HttpMethod.GET, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return timed(request, null);
  }

  Future<Outcome> post(String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = web.request(HttpMethod.POST, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return timed(request, body);
  }

  private Future<Outcome> timed(HttpRequest<Buffer> request, JsonObject body) {
    long start = System.nanoTime();
    request.timeout(timeoutMs);
    return (body == null ? request.send() : request.sendJsonObject(body))
        .map(r -> new Outcome(r.statusCode(), elapsed(start), r))
        .otherwise(e -> new Outcome(0, elapsed(start), null));
  }

  private static long elapsed(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  static Outcome await(Future<Outcome> outcome) throws Exception {
    return outcome.await(60, TimeUnit.SECONDS);
  }

  static List<Outcome> awaitAll(List<Future<Outcome>> outcomes) throws Exception {
    Future.join(outcomes).await(60, TimeUnit.SECONDS);
    return outcomes.stream().map(Future::result).toList();
  }
}
