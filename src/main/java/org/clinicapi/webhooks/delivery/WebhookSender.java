package org.clinicapi.webhooks.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.clinicapi.metrics.Metrics;
import org.clinicapi.webhooks.TargetGuard.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * POSTs one signed event to a checked target through the Vert.x WebClient: connect and response timeouts, no
 * redirects followed (a 3xx is a failed attempt), at most 64 KiB of the response kept. Each webhook host has
 * its own circuit breaker: connection failures, timeouts and 5xx/429 answers count against it; while it is
 * open nothing is sent to that host and {@link #isOpen} lets the dispatcher leave the work queued.
 */
final class WebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final int MAX_FAILURES = 5;
  static final long RESET_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final WebClient web;
  private final int timeoutMs;
  /** Concurrent: the metrics scrape reads it from another thread. */
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /** {@code options} from {@link #clientOptions}. */
  WebhookSender(Vertx vertx, int timeoutMs, WebClientOptions options) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.web = WebClient.create(vertx, options);
    MeterRegistry registry = Metrics.registry(vertx);
    if (registry != null) {
      // A count, not a gauge per receiver: receiver hosts stay out of /metrics.
      Gauge.builder("clinic_webhook_breakers_open", this, WebhookSender::openBreakers)
          .description("Webhook receivers (host and port) whose circuit breaker is open: their deliveries wait").register(registry);
    }
  }

  /** Call on a worker: WebClientOptions' class initialisation reads the Vert.x version from a jar (blocking). */
  static WebClientOptions clientOptions(int timeoutMs) {
    return new WebClientOptions().setFollowRedirects(false).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setVerifyHost(true).setUserAgent("clinic-api-webhooks").setMaxHeaderSize(16 * 1024);
  }

  /** A 5xx or 429: fails the breaker's call, then is turned back into the response it was. */
  private static final class Unhealthy extends RuntimeException {
    private final transient HttpResponse<Buffer> response;

    Unhealthy(HttpResponse<Buffer> response) {
      super("unhealthy answer", null, false, false);
      this.response = response;
    }
  }

  /** Receivers whose breaker is open now: a count, for /metrics and /health (no hosts there). */
  long openBreakers() {
    return breakers.values().stream().filter(c -> c.state() == CircuitBreakerState.OPEN).count();
  }

  boolean isOpen(Target target) {
    return breaker(target).state() == CircuitBreakerState.OPEN;
  }

  /** The response (any status), or a failure: timeout, connection, or an OpenCircuitException (not attempted). */
  Future<HttpResponse<Buffer>> send(Target target, ClaimedDelivery d, String body) {
    return breaker(target).<HttpResponse<Buffer>>execute(() -> post(target, d, body).compose(r ->
            r.statusCode() >= 500 || r.statusCode() == 429 ? Future.failedFuture(new Unhealthy(r)) : Future.succeededFuture(r)))
        .recover(e -> e instanceof Unhealthy u ? Future.succeededFuture(u.response) : Future.failedFuture(e));
  }

  /** Connects to the address the guard checked; Host and TLS server name stay the URL's host. */
  private Future<HttpResponse<Buffer>> post(Target target, ClaimedDelivery d, String body) {
    SocketAddress server = SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress());
    String signature = WebhookSigner.header(d.secret(), Instant.now().getEpochSecond(), body);
    return web.request(HttpMethod.POST, server, target.port(), target.host(), target.requestUri())
        .ssl(target.https()).followRedirects(false).connectTimeout(timeoutMs).idleTimeout(timeoutMs).timeout(timeoutMs)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("X-Clinic-Event-Id", d.eventId().toString())
        .putHeader("X-Clinic-Event-Type", d.eventType())
        .putHeader("X-Clinic-Signature", signature)
        .as(new CappedBody(CappedBody.MAX_BYTES))
        .sendBuffer(Buffer.buffer(body));
  }

  /** One per receiving service: host and port (two services on one host fail independently). */
  private CircuitBreaker breaker(Target target) {
    return breakers.computeIfAbsent(target.host().toLowerCase(Locale.ROOT) + ":" + target.port(), name -> {
      CircuitBreakerOptions options = new CircuitBreakerOptions().setMaxFailures(MAX_FAILURES).setTimeout(timeoutMs + 1_000L)
          .setResetTimeout(RESET_TIMEOUT_MS).setNotificationAddress(null);
      return CircuitBreaker.create("webhook-" + name, vertx, options)
          .openHandler(v -> LOG.warn("webhook circuit open for host {}: deliveries stay queued", name))
          .closeHandler(v -> LOG.info("webhook circuit closed for host {}", name));
    });
  }

  void close() {
    breakers.values().forEach(CircuitBreaker::close);
    web.close();
  }
}
