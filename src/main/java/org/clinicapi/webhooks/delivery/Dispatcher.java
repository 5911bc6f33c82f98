package org.clinicapi.webhooks.delivery;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import org.clinicapi.common.RetrySchedule;
import org.clinicapi.webhooks.TargetGuard;
import org.clinicapi.webhooks.delivery.DeliveryRepository.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * One round of delivery: claim due deliveries, and for each check its target again (DNS can change since the
 * subscription was made), send it unless its host's breaker is open, and record the attempt with its
 * outcome: delivered (2xx), queued again per {@link RetrySchedule}, or failed once the window is spent.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_EXCERPT = 512;

  private final Pool pool;
  private final DeliveryRepository repo = new DeliveryRepository();
  private final TargetGuard guard;
  private final WebhookSender sender;
  private final RetrySchedule schedule;

  Dispatcher(Pool pool, TargetGuard guard, WebhookSender sender, RetrySchedule schedule) {
    this.pool = pool;
    this.guard = guard;
    this.sender = sender;
    this.schedule = schedule;
  }

  /** The number of deliveries claimed (a full batch means more may be due). */
  Future<Integer> round(int batchSize, int leaseSeconds) {
    return repo.claim(pool, batchSize, leaseSeconds)
        .compose(claimed -> Future.join(claimed.stream().map(this::deliver).toList()).transform(ar -> Future.succeededFuture(claimed.size())));
  }

  private Future<Void> deliver(ClaimedDelivery d) {
    long started = System.nanoTime();
    return guard.resolve(d.url()).transform(resolved -> {
      if (resolved.failed()) {
        return record(d, failure(d, null, resolved.cause(), started));
      }
      if (sender.isOpen(resolved.result())) {
        return release(d);
      }
      return sender.send(resolved.result(), d, d.body()).transform(sent -> sent.failed() && sent.cause() instanceof OpenCircuitException
          ? release(d) : record(d, outcome(d, sent, started)));
    });
  }

  private Attempt outcome(ClaimedDelivery d, AsyncResult<HttpResponse<Buffer>> sent, long started) {
    HttpResponse<Buffer> response = sent.succeeded() ? sent.result() : null;
    if (response != null && response.statusCode() / 100 == 2) {
      return new Attempt("delivered", "delivered", null, response.statusCode(), null, elapsedMs(started), excerpt(response));
    }
    return failure(d, response, sent.failed() ? sent.cause() : null, started);
  }

  /** A failed attempt: queued again after the backoff, or failed when the next try would fall beyond the window. */
  private Attempt failure(ClaimedDelivery d, HttpResponse<Buffer> response, Throwable cause, long started) {
    Instant next = schedule.next(Instant.now(), d.retries(), ThreadLocalRandom.current().nextDouble());
    boolean exhausted = schedule.exhausted(d.queuedAt(), next);
    Integer status = response == null ? null : response.statusCode();
    String error = response == null ? errorCode(cause) : "http_" + response.statusCode();
    return new Attempt(exhausted ? "failed" : "queued", exhausted ? "failed" : "retry", exhausted ? null : next.atOffset(ZoneOffset.UTC),
        status, error, elapsedMs(started), response == null ? null : excerpt(response));
  }

  private Future<Void> record(ClaimedDelivery d, Attempt attempt) {
    LOG.debug("webhook delivery {} of event {}: {} {}", d.id(), d.eventId(), attempt.outcome(), attempt.error());
    // Not recorded (database unreachable): the lease expires and the delivery is sent again, at least once.
    return repo.record(pool, d, attempt).onFailure(e -> LOG.warn("webhook delivery {} attempt not recorded: {}", d.id(), e.toString()));
  }

  private Future<Void> release(ClaimedDelivery d) {
    return repo.release(pool, d, WebhookSender.RESET_TIMEOUT_MS / 2);
  }

  /** A short code for the log, by type: never the exception's message (it may carry hosts or addresses). */
  static String errorCode(Throwable cause) {
    if (cause instanceof TargetGuard.Refused refused) {
      return refused.code();
    }
    if (cause instanceof TimeoutException || cause instanceof io.vertx.circuitbreaker.TimeoutException
        || cause.getClass().getSimpleName().contains("Timeout")) {
      return "timeout";
    }
    if (cause instanceof ConnectException) {
      return "connect_failed";
    }
    return cause instanceof SSLException || cause.getCause() instanceof SSLException ? "tls_failed" : "network_error";
  }

  private static String excerpt(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return null;
    }
    String text = new String(body.getBytes(0, Math.min(body.length(), MAX_EXCERPT * 4)), StandardCharsets.UTF_8);
    return text.length() > MAX_EXCERPT ? text.substring(0, MAX_EXCERPT) : text;
  }

  private static int elapsedMs(long started) {
    return (int) ((System.nanoTime() - started) / 1_000_000);
  }
}
