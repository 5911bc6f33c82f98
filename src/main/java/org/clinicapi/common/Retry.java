package org.clinicapi.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a step until it succeeds: after each failure it waits (the first delay, doubling up to a cap) on a
 * timer, never a sleeping thread, and tries again. With a deadline it fails once the deadline passes, even
 * while an attempt is under way.
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private final Vertx vertx;
  private final long firstDelayMs;
  private final long maxDelayMs;
  private final long deadlineMs;

  /** {@code deadlineMs}: 0 = retry for ever. */
  public Retry(Vertx vertx, long firstDelayMs, long maxDelayMs, long deadlineMs) {
    this.vertx = vertx;
    this.firstDelayMs = firstDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.deadlineMs = deadlineMs;
  }

  /** {@code what} names the step in the log line of each failed attempt and in the deadline's failure. */
  public <T> Future<T> run(String what, Supplier<Future<T>> step) {
    Promise<T> result = Promise.promise();
    if (deadlineMs > 0) {
      long timer = vertx.setTimer(deadlineMs, id -> result.tryFail(
          new TimeoutException(what + " did not succeed within " + deadlineMs / 1000.0 + " s")));
      result.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
    attempt(what, step, result, firstDelayMs);
    return result.future();
  }

  private <T> void attempt(String what, Supplier<Future<T>> step, Promise<T> result, long delayMs) {
    if (result.future().isComplete()) {
      return;
    }
    step.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else if (!result.future().isComplete()) {
        LOG.warn("{} failed ({}); next attempt in {} ms", what, rootCause(ar.cause()), delayMs);
        vertx.setTimer(delayMs, id -> attempt(what, step, result, Math.min(2 * delayMs, maxDelayMs)));
      }
    });
  }

  /** The innermost cause names what went wrong ("Connection refused") without the wrappers' URLs. */
  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
