package org.clinicapi.faults;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks one probe path over and over (the next request when the last answered, at most every
 * {@code periodMs}) and remembers the longest answer time and every change of status with when it came.
 * An event loop that stalls shows as a long answer; readiness going down and up shows as changes.
 */
final class Prober {
  record Change(long atMs, int status) {
  }

  private final Vertx vertx;
  private final FaultClient client;
  private final String path;
  private final long periodMs;
  private final AtomicLong maxMillis = new AtomicLong();
  private final List<Change> changes = new ArrayList<>();
  private volatile boolean running = true;
  private int last = -1;
  private long answers;

  Prober(Vertx vertx, FaultClient client, String path, long periodMs) {
    this.vertx = vertx;
    this.client = client;
    this.path = path;
    this.periodMs = periodMs;
    next();
  }

  private void next() {
    if (!running) {
      return;
    }
    // FaultClient outcomes never fail: a probe that got no answer is recorded with status 0.
    client.get(path, null).onSuccess(this::record).onComplete(ar -> vertx.setTimer(periodMs, id -> next()));
  }

  private synchronized void record(Outcome outcome) {
    answers++;
    maxMillis.accumulateAndGet(outcome.millis(), Math::max);
    if (outcome.status() != last) {
      last = outcome.status();
      changes.add(new Change(System.currentTimeMillis(), outcome.status()));
    }
  }

  long maxMillis() {
    return maxMillis.get();
  }

  synchronized long answers() {
    return answers;
  }

  synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  synchronized int lastStatus() {
    return last;
  }

  void stop() {
    running = false;
  }
}
