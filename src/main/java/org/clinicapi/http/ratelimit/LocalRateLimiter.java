package org.clinicapi.http.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One limit (per IP or per user) counted in this process's memory, in fixed windows per client: a request costs
 * a map lookup and two atomic increments, never I/O. The decision adds what the other nodes had counted at the
 * last reconciliation ({@link RateLimitSync}), so the cluster enforces the limit approximately.
 *
 * <p>Memory is bounded by two generations of at most {@code maxClients / 2} clients each: new clients enter the
 * young one; when it is full it becomes the old one and the previous old one is dropped. A client seen again
 * while in the old generation moves back to the young one with its counts, so only clients idle for a whole
 * generation are forgotten; a flood of distinct IPs therefore costs at most {@code maxClients} entries. A
 * forgotten client loses only the hits Redis had not seen yet: the rest come back at the next reconciliation.
 */
public final class LocalRateLimiter {
  private final String kind;
  private final int limit;
  private final long windowMs;
  private final int generationSize;
  private final LongSupplier clock;
  private volatile Generations generations = new Generations(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());

  private record Generations(Map<String, Window> young, Map<String, Window> old) {
  }

  /** {@code kind} names the limit in the Redis keys ({@code rl:<kind>:...}); {@code clock} gives wall-clock ms. */
  LocalRateLimiter(String kind, int limit, long windowMs, int maxClients, LongSupplier clock) {
    this.kind = kind;
    this.limit = limit;
    this.windowMs = windowMs;
    this.generationSize = Math.max(1, maxClients / 2);
    this.clock = clock;
  }

  /** Counts one request of {@code subject} (an IP, a user id) and says whether it is within the limit. */
  public Decision hit(String subject) {
    long now = clock.getAsLong();
    Window window = current(subject, now);
    long count = window.hit();
    long resetSeconds = Math.max(1, (window.endMs - now + 999) / 1000);
    return new Decision(count <= limit, limit, Math.max(0, limit - count), resetSeconds);
  }

  String kind() {
    return kind;
  }

  long windowMs() {
    return windowMs;
  }

  /** How many clients this limit remembers now (both generations). */
  int tracked() {
    Generations g = generations;
    return g.young.size() + g.old.size();
  }

  /** A window's hits that Redis has not seen, handed to a reconciliation round (which owns them from here). */
  record Pending(Window window, int hits) {
  }

  /**
   * Takes every window's hits Redis has not seen into {@code out}, and forgets windows that are over and fully
   * pushed. Called by the reconciliation only.
   */
  void collectPending(long now, List<Pending> out) {
    Generations g = generations;
    collect(g.young, now, out);
    collect(g.old, now, out);
  }

  private static void collect(Map<String, Window> windows, long now, List<Pending> out) {
    windows.forEach((subject, window) -> {
      // A window moved back to the young generation is in the old one too: the second visit takes nothing.
      int hits = window.takePending();
      if (hits > 0) {
        out.add(new Pending(window, hits));
      } else if (now >= window.endMs) {
        windows.remove(subject, window);
      }
    });
  }

  private Window current(String subject, long now) {
    Generations g = generations;
    Window window = g.young.get(subject);
    if (window != null && now < window.endMs) {
      return window;
    }
    if (window == null) {
      Window old = g.old.get(subject);
      if (old != null && now < old.endMs) {
        window = g.young.putIfAbsent(subject, old);
        afterInsert(g);
        return window == null ? old : window;
      }
    }
    // New client, or its window is over: replace atomically, so concurrent first hits share one window.
    window = g.young.compute(subject, (s, existing) -> existing != null && now < existing.endMs
        ? existing : Window.containing(s, now, windowMs));
    afterInsert(g);
    return window;
  }

  private void afterInsert(Generations g) {
    if (g.young.size() >= generationSize) {
      rotate(g);
    }
  }

  private synchronized void rotate(Generations seen) {
    if (generations == seen) {
      generations = new Generations(new ConcurrentHashMap<>(), seen.young);
    }
  }
}
