package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a job on the caller's (the verticle's) event loop every interval and when woken by an event, never twice at
 * once: a wake-up during a run makes one more run after it (so a change committed mid-run is not left for the next
 * tick), any number of them just one. A failed run is logged by its kind only (messages may carry data) and the
 * next tick tries again.
 */
final class JobLoop {
  private static final Logger LOG = LoggerFactory.getLogger(JobLoop.class);
  private final String name;
  private final Supplier<Future<?>> run;
  private boolean running;
  private boolean again;

  private JobLoop(String name, Supplier<Future<?>> run) {
    this.name = name;
    this.run = run;
  }

  /** Starts at once; the timer and consumers die with the verticle that called this. */
  static JobLoop start(Vertx vertx, String name, int intervalSeconds, List<String> wakeOn, Supplier<Future<?>> run) {
    JobLoop loop = new JobLoop(name, run);
    vertx.setPeriodic(1, intervalSeconds * 1000L, id -> loop.tick());
    wakeOn.forEach(address -> vertx.eventBus().consumer(address, message -> loop.tick()));
    return loop;
  }

  void tick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    Future<?> done;
    try {
      done = run.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("{} run failed (the next run retries): {}", name, ar.cause().getClass().getSimpleName());
      }
      if (again) {
        tick();
      }
    });
  }
}
