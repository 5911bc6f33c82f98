package org.clinicapi.http.ratelimit;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One client's fixed window on this node: the hits counted here, how many of them Redis has not seen yet, and
 * what the other nodes had counted at the last reconciliation. Requests of every event loop update it without
 * a lock; only the reconciliation (one at a time per process) writes {@code pushed} and {@code others}.
 */
final class Window {
  private static final AtomicIntegerFieldUpdater<Window> HITS = AtomicIntegerFieldUpdater.newUpdater(Window.class, "hits");
  private static final AtomicIntegerFieldUpdater<Window> PENDING = AtomicIntegerFieldUpdater.newUpdater(Window.class, "pending");

  final String subject;
  /** Which window of the subject this is: the same number on every node, so they count under one Redis key. */
  final long index;
  final long endMs;
  private volatile int hits;
  private volatile int pending;
  /** Hits the other nodes had pushed for this window when this node last reconciled it. */
  private volatile int others;
  /** This node's hits Redis has acknowledged; read and written by the reconciliation only. */
  private int pushed;

  private Window(String subject, long index, long endMs) {
    this.subject = subject;
    this.index = index;
    this.endMs = endMs;
  }

  /**
   * The window of {@code subject} that contains {@code nowMs}. Each subject's windows are shifted by an offset
   * derived from its name (String.hashCode is the same on every JVM), so the nodes agree on the boundaries while
   * the clients' windows do not all roll over in the same millisecond.
   */
  static Window containing(String subject, long nowMs, long windowMs) {
    long offset = Math.floorMod(subject.hashCode(), windowMs);
    long index = Math.floorDiv(nowMs + offset, windowMs);
    return new Window(subject, index, (index + 1) * windowMs - offset);
  }

  /** Counts one hit here (refused ones too, as one Redis counter would) and returns the cluster-wide estimate. */
  long hit() {
    PENDING.incrementAndGet(this);
    return (long) others + HITS.incrementAndGet(this);
  }

  /** The hits Redis has not seen, now handed to a reconciliation round (which owns them from here). */
  int takePending() {
    return PENDING.getAndSet(this, 0);
  }

  /** Redis counted {@code delta} more of this node's hits and now holds {@code total} for the window, all nodes together. */
  void reconciled(int delta, long total) {
    pushed += delta;
    others = (int) Math.min(Integer.MAX_VALUE, Math.max(0, total - pushed));
  }
}
