package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import org.clinicapi.bus.Addresses;
import org.clinicapi.config.CommunicationsConfig.Reminders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Queues appointment reminders in the outbox every JOBS_INTERVAL_SECONDS, first at start, on its verticle's
 * event loop. A run is idempotent and safe beside other processes' runs ({@link ReminderRepository}); it works
 * in bounded batches and stops after {@link #MAX_BATCHES} (the next tick goes on). Rows it queued wake the
 * dispatcher at once instead of at its next poll.
 */
final class ReminderJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderJob.class);
  static final int BATCH_SIZE = 500;
  /** Bounds one run's time on the event loop's connection; a backlog bigger than this waits for the next tick. */
  static final int MAX_BATCHES = 20;
  private final ReminderRepository repo;
  private final int[] offsetMinutes;
  private final Duration longest;
  private final QuietHours quiet;
  private final EventBus bus;
  private final int batchSize;
  private boolean running;

  ReminderJob(ReminderRepository repo, Reminders settings, EventBus bus, int batchSize) {
    this.repo = repo;
    this.offsetMinutes = settings.offsets().stream().mapToInt(d -> (int) d.toMinutes()).toArray();
    this.longest = settings.offsets().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    this.quiet = new QuietHours(settings.quietFrom(), settings.quietUntil());
    this.bus = bus;
    this.batchSize = batchSize;
  }

  /** Runs the job now and then every interval, on the caller's (the verticle's) context; the timer dies with it. */
  static long start(Vertx vertx, Pool pool, Reminders settings) {
    ReminderJob job = new ReminderJob(new ReminderRepository(pool), settings, vertx.eventBus(), BATCH_SIZE);
    Clock clock = Clock.systemUTC();
    job.tick(clock.instant());
    return vertx.setPeriodic(settings.jobsIntervalSeconds() * 1000L, id -> job.tick(clock.instant()));
  }

  /** A tick while the previous run is still going is skipped: the next one catches up. */
  private void tick(Instant now) {
    if (running) {
      return;
    }
    running = true;
    run(now).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("reminder job run failed (the next tick retries): {}", ar.cause().toString());
      } else if (ar.result() > 0) {
        LOG.debug("reminder job queued {} outbox rows", ar.result());
      }
    });
  }

  /** One run as of {@code now}: how many outbox rows it queued. */
  Future<Integer> run(Instant now) {
    if (offsetMinutes.length == 0) {
      return Future.succeededFuture(0);
    }
    return repo.zones()
        .compose(zones -> batches(now, quiet.endsByZone(now, zones), 0, 0))
        .onSuccess(queued -> {
          if (queued > 0) {
            bus.publish(Addresses.COMMUNICATIONS_WAKE, null);
          }
        });
  }

  /** Batch after batch while a batch comes back full (more may be due), up to {@link #MAX_BATCHES}. */
  private Future<Integer> batches(Instant now, Map<String, Instant> quietEnds, int done, int queued) {
    return repo.enqueue(now, offsetMinutes, now.plus(longest), batchSize, quietEnds).compose(batch -> {
      int total = queued + batch.inserted();
      boolean more = batch.locked() && batch.picked() >= batchSize && done + 1 < MAX_BATCHES;
      return more ? batches(now, quietEnds, done + 1, total) : Future.succeededFuture(total);
    });
  }
}
