package org.clinicapi.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs a Redis outage once per process, however many HTTP verticles' breakers notice it. Process-local on
 * purpose: each node reports its own view of the outage.
 */
final class RedisOutageLog {
  private static final Logger LOG = LoggerFactory.getLogger(RedisOutageLog.class);
  private static final AtomicBoolean DOWN = new AtomicBoolean();

  private RedisOutageLog() {
  }

  static void opened() {
    if (DOWN.compareAndSet(false, true)) {
      LOG.warn("Redis unreachable: the rate limits (per IP and per user) fail open until it is back");
    }
  }

  static void closed() {
    if (DOWN.compareAndSet(true, false)) {
      LOG.info("Redis reachable again: the rate limits are enforced");
    }
  }
}
