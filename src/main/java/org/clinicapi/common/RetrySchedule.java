package org.clinicapi.common;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed send (an outbox message, a webhook delivery) is tried again: {@code base} after the first
 * failure, doubling, never more than {@link #CAP} apart, with up to 20 % jitter taken off (so N sends that
 * failed together spread out instead of retrying in lockstep, and the cap still holds). One whose next try
 * would fall more than {@code window} after it was queued is given up instead.
 */
public record RetrySchedule(Duration base, Duration window) {
  public static final Duration CAP = Duration.ofHours(1);
  static final double JITTER = 0.2;

  /** The nominal delay after {@code retries} earlier retries (0 for the first failure), before jitter. */
  public Duration delay(int retries) {
    // 2^12 × 1 s already passes the cap: stop doubling there (no overflow for any retries count).
    long factor = 1L << Math.min(retries, 12);
    Duration delay = base.multipliedBy(factor);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }

  /** The next try after a failure at {@code now}; {@code random} in [0, 1) picks the jitter. */
  public Instant next(Instant now, int retries, double random) {
    long millis = delay(retries).toMillis();
    return now.plusMillis(millis - Math.round(millis * JITTER * random));
  }

  /** True when {@code next} is beyond the window that began at {@code queuedAt}: the delivery fails. */
  public boolean exhausted(Instant queuedAt, Instant next) {
    return next.isAfter(queuedAt.plus(window));
  }
}
