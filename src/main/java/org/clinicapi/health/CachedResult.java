package org.clinicapi.health;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Answers from the last result for a short while and joins callers onto one check in flight, so a probe
 * storm costs at most one dependency round trip per period per event loop.
 */
final class CachedResult<T> {
  private final long ttlNanos;
  private final Supplier<Future<T>> source;
  private Future<T> last;
  private long takenAt;

  CachedResult(long ttlMs, Supplier<Future<T>> source) {
    this.ttlNanos = ttlMs * 1_000_000L;
    this.source = source;
  }

  /** Call only from the owning verticle's event loop. */
  Future<T> get() {
    long now = System.nanoTime();
    if (last == null || (last.isComplete() && now - takenAt > ttlNanos)) {
      last = source.get();
      takenAt = now;
    }
    return last;
  }
}
