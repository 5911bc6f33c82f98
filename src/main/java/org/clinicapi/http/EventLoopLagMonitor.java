package org.clinicapi.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * Measures how late a periodic timer fires on this verticle's event loop. A late timer means queued
 * work: the loop is overloaded, and answering 503 at once beats queueing. Two late ticks in a row are
 * needed (one long task, such as class loading on a cold start, is not overload); then the loop counts as
 * overloaded for a cool-down period, so shedding does not flap between ticks.
 */
final class EventLoopLagMonitor {
  private static final long INTERVAL_MS = 50;

  private final long limitNanos;
  private final long cooldownNanos;
  private volatile long lagNanos;
  private volatile long overloadedUntil;
  private long expected;
  private boolean previousLate;
  private long timerId;

  EventLoopLagMonitor(long limitMs, long cooldownMs) {
    this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMs);
    this.cooldownNanos = TimeUnit.MILLISECONDS.toNanos(cooldownMs);
    this.overloadedUntil = System.nanoTime();
  }

  /** Starts ticking on the calling verticle's event loop. */
  void start(Vertx vertx, MeterRegistry registry) {
    expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
    timerId = vertx.setPeriodic(INTERVAL_MS, id -> tick());
    if (registry != null) {
      Gauge.builder("clinic_event_loop_lag_seconds", this, m -> m.lagNanos / 1e9)
          .description("How late a periodic timer fired on an HTTP event loop")
          .tag("loop", Thread.currentThread().getName())
          .register(registry);
    }
  }

  void stop(Vertx vertx) {
    vertx.cancelTimer(timerId);
  }

  boolean overloaded() {
    return System.nanoTime() - overloadedUntil < 0;
  }

  private void tick() {
    long now = System.nanoTime();
    long lag = Math.max(0, now - expected);
    lagNanos = lag;
    boolean late = lag > limitNanos;
    if (late && previousLate) {
      overloadedUntil = now + cooldownNanos;
    }
    previousLate = late;
    expected = now + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
  }
}
