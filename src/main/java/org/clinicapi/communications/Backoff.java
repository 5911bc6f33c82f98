package org.clinicapi.communications;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a transient failure is tried again: {@code base} after the first attempt, doubling after each one,
 * never more than an hour, with ±10 % jitter so that rows that failed together do not retry together.
 */
final class Backoff {
  static final Duration CAP = Duration.ofHours(1);

  private Backoff() {
  }

  /** The delay before attempt {@code attempts + 1}, {@code attempts} ≥ 1 having failed; without jitter. */
  static Duration nominal(Duration base, int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 20);
    Duration delay = base.multipliedBy(1L << doublings);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }

  static Duration jittered(Duration base, int attempts) {
    long ms = nominal(base, attempts).toMillis();
    return Duration.ofMillis(Math.round(ms * ThreadLocalRandom.current().nextDouble(0.9, 1.1)));
  }
}
