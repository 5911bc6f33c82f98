package org.clinicapi.http.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reconciles this process's rate-limit counts with Redis, one round at a time: every window with hits Redis has
 * not seen is pushed with INCRBY (one pipelined batch per {@value #KEYS_PER_BATCH} windows), and the totals
 * Redis answers, all nodes together, become what the next decisions add to this node's own count. Keys are
 * {@code <prefix>rl:<kind>:<subject>:<window>} and expire one window after their window ends.
 *
 * <p>Requests never wait for this. When Redis is down or slow (no answer within the timeout) the round is
 * dropped, hits included: every node then limits on its own counts, which errs towards letting requests
 * through, and nothing is counted twice when a late batch lands after all. The outage is logged once.
 */
final class RateLimitSync {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitSync.class);
  /** Keeps one batch (two commands per window) to a size Redis answers in well under a millisecond. */
  static final int KEYS_PER_BATCH = 500;

  private final Redis redis;
  private final String keyPrefix;
  private final long timeoutMs;
  private final List<LocalRateLimiter> limiters;
  private final LongSupplier clock;
  private boolean running;
  private boolean down;
  /** Set when the process stops: a round cut short by the closing client is no outage. */
  private volatile boolean stopped;

  RateLimitSync(Redis redis, String keyPrefix, long timeoutMs, List<LocalRateLimiter> limiters, LongSupplier clock) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.timeoutMs = timeoutMs;
    this.limiters = List.copyOf(limiters);
    this.clock = clock;
  }

  /**
   * One round; a call while the previous round is still running is skipped (it succeeds at once). Runs on one
   * context: the timer's, or a test's. Fails only to tell a test that Redis did not answer.
   */
  Future<Void> run() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    long now = clock.getAsLong();
    List<Future<Void>> batches = new ArrayList<>();
    for (LocalRateLimiter limiter : limiters) {
      List<LocalRateLimiter.Pending> pending = new ArrayList<>();
      limiter.collectPending(now, pending);
      for (int from = 0; from < pending.size(); from += KEYS_PER_BATCH) {
        batches.add(push(limiter, pending.subList(from, Math.min(pending.size(), from + KEYS_PER_BATCH))));
      }
    }
    if (batches.isEmpty()) {
      running = false;
      return Future.succeededFuture();
    }
    return Future.join(batches).<Void>mapEmpty()
        .onSuccess(v -> reachable())
        .onFailure(this::unreachable)
        .onComplete(r -> running = false);
  }

  private Future<Void> push(LocalRateLimiter limiter, List<LocalRateLimiter.Pending> pending) {
    List<Request> commands = new ArrayList<>(2 * pending.size());
    for (LocalRateLimiter.Pending p : pending) {
      Window window = p.window();
      String key = keyPrefix + "rl:" + limiter.kind() + ":" + window.subject + ":" + window.index;
      commands.add(Request.cmd(Command.INCRBY).arg(key).arg(p.hits()));
      commands.add(Request.cmd(Command.PEXPIREAT).arg(key).arg(window.endMs + limiter.windowMs()));
    }
    return redis.batch(commands).timeout(timeoutMs, TimeUnit.MILLISECONDS).map(replies -> {
      for (int i = 0; i < pending.size(); i++) {
        Response total = replies.get(2 * i);
        pending.get(i).window().reconciled(pending.get(i).hits(), total.toLong());
      }
      return null;
    });
  }

  void stop() {
    stopped = true;
  }

  private void reachable() {
    if (down) {
      down = false;
      LOG.info("Redis reachable again: the rate limits count across nodes again");
    }
  }

  private void unreachable(Throwable cause) {
    if (!down && !stopped) {
      down = true;
      LOG.warn("Redis unreachable ({}): each node enforces the rate limits (per IP and per user) on its own counts until it is back",
          cause.getClass().getSimpleName());
    }
  }
}
