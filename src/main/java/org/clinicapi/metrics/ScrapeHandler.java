package org.clinicapi.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} in the Prometheus text format, behind {@code Authorization: Bearer <METRICS_TOKEN>}
 * when a token is configured; every other path is a 404. Runs on the management verticle's worker thread, so
 * the render (CPU work proportional to the number of series) never occupies an event loop.
 */
final class ScrapeHandler implements Handler<HttpServerRequest> {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final byte[] expectedAuthorization;

  /** {@code token} empty: no authentication (the listener is on a loopback address). */
  ScrapeHandler(PrometheusMeterRegistry registry, String token) {
    this.registry = registry;
    this.expectedAuthorization = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (!PATH.equals(request.path())) {
      response.setStatusCode(404).end();
    } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
    } else if (!authorized(request)) {
      response.setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"").end();
    } else {
      String body = registry.scrape();
      response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (request.method() == HttpMethod.HEAD) {
        response.end();
      } else {
        response.end(body);
      }
    }
  }

  /** Compared in constant time: response timing must not reveal how much of a guessed token was right. */
  private boolean authorized(HttpServerRequest request) {
    if (expectedAuthorization == null) {
      return true;
    }
    String given = request.getHeader(HttpHeaders.AUTHORIZATION);
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }
}
