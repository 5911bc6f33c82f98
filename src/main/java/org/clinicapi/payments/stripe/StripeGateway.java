package org.clinicapi.payments.stripe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.config.PaymentsConfig;
import org.clinicapi.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stripe for the event loop: every call of the blocking {@link StripeApi} runs on a bounded worker pool, inside
 * one circuit breaker with a timeout. The breaker opens after {@link #MAX_FAILURES} transient failures in a row
 * (network, 5xx, rate limits, timeouts); Stripe refusing a request (a card, a bad amount) does not count. While
 * it is open calls fail at once with {@link #UNAVAILABLE} and jobs leave their work for a later run.
 */
public final class StripeGateway {
  private static final Logger LOG = LoggerFactory.getLogger(StripeGateway.class);
  private static final int MAX_FAILURES = 5;
  /** What an API caller sees when Stripe cannot be reached: a 503 with Retry-After; nothing was written. */
  public static final ServiceException UNAVAILABLE = ServiceException.retryAfter(ErrorCode.SERVICE_UNAVAILABLE,
      "The payment provider cannot be reached; try again shortly.", 30);

  private final StripeApi api;
  private final WorkerExecutor worker;
  private final CircuitBreaker breaker;

  private StripeGateway(Vertx vertx, StripeApi api, WorkerExecutor worker, PaymentsConfig config) {
    this.api = api;
    this.worker = worker;
    this.breaker = CircuitBreaker.create("stripe", vertx, new CircuitBreakerOptions().setMaxFailures(MAX_FAILURES)
        .setTimeout(config.timeoutMs() * 2L).setResetTimeout(config.breakerResetMs()));
    breaker.failurePolicy(f -> f.failed() && !(f.cause() instanceof StripeCallException e && !e.retryable()));
    breaker.openHandler(v -> LOG.warn("Stripe circuit breaker open: payment calls wait"))
        .halfOpenHandler(v -> LOG.info("Stripe circuit breaker half-open: trying one call"))
        .closeHandler(v -> LOG.info("Stripe circuit breaker closed"));
    MeterRegistry registry = Metrics.registry(vertx);
    if (registry != null) {
      Gauge.builder("clinic_payments_breaker_state", breaker, b -> switch (b.state()) {
        case CLOSED -> 0;
        case HALF_OPEN -> 1;
        case OPEN -> 2;
      }).description("Circuit breaker around Stripe: 0 closed, 1 half-open, 2 open").register(registry);
    }
  }

  /**
   * Call on the verticle's event loop (the breaker belongs to it). The SDK client is built on the worker: it
   * loads classes and may touch the file system.
   */
  public static Future<StripeGateway> create(Vertx vertx, PaymentsConfig config, String apiBase, String secretKey) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("stripe-sdk", config.workerThreads(), config.timeoutMs() * 4L,
        TimeUnit.MILLISECONDS);
    return worker.executeBlocking(() -> StripeApi.create(secretKey, apiBase, java.time.Duration.ofMillis(config.timeoutMs())))
        .map(api -> new StripeGateway(vertx, api, worker, config));
  }

  /**
   * Runs {@code call} against the API on the worker pool, through the breaker. Fails with {@link StripeCallException}
   * when Stripe answered with an error (or could not be reached), with {@link #UNAVAILABLE} when the breaker is open.
   */
  public <T> Future<T> call(Function<StripeApi, T> call) {
    if (breaker.state() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(UNAVAILABLE);
    }
    Callable<T> blocking = () -> call.apply(api);
    return breaker.<T>execute(promise -> worker.executeBlocking(blocking, false).onComplete(promise))
        .recover(e -> Future.failedFuture(e instanceof StripeCallException ? e : asUnavailable(e)));
  }

  /** closed, half_open or open: for /health. */
  public String breakerState() {
    return breaker.state().name().toLowerCase();
  }

  public boolean open() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  public Future<Void> close() {
    breaker.close();
    return worker.close();
  }

  /** Breaker timeouts and rejections: Stripe was not reached, or did not answer in time. */
  private static Throwable asUnavailable(Throwable e) {
    LOG.warn("Stripe call failed: {}", e.getClass().getSimpleName());
    return UNAVAILABLE;
  }
}
