package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Removes the temporary files of uploads whose process died mid-transfer (SIGKILL, OOM, power): nothing else
 * ever would. A live upload's part is written to continuously and its exchange ends within the request timeout
 * (answered, or 503 by the deadline sweep, and its part is removed then), so a part untouched for twice that
 * belongs to no exchange, on this node or on another sharing the directory. Runs when an HTTP verticle starts
 * and then once per request timeout; each run lists only {@code .parts}, the uploads in progress.
 */
final class PartSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(PartSweeper.class);

  private final FileSystem fs;
  private final FileStore store;
  private final long maxAgeMs;

  private PartSweeper(Vertx vertx, FileStore store, long requestTimeoutMs) {
    this.fs = vertx.fileSystem();
    this.store = store;
    this.maxAgeMs = 2 * requestTimeoutMs;
  }

  /** Sweeps now and periodically on the calling verticle's context (vert.x cancels the timer with the verticle). */
  static void start(Vertx vertx, FileStore store, long requestTimeoutMs) {
    PartSweeper sweeper = new PartSweeper(vertx, store, requestTimeoutMs);
    sweeper.sweep();
    vertx.setPeriodic(Math.max(1000, requestTimeoutMs), id -> sweeper.sweep());
  }

  /** How many abandoned parts this run removed; never fails (a missing directory has none). */
  Future<Integer> sweep() {
    long cutoff = System.currentTimeMillis() - maxAgeMs;
    return fs.exists(store.partsDirectory())
        .compose(exists -> exists ? fs.readDir(store.partsDirectory(), ".*\\" + FileStore.PART_SUFFIX) : Future.succeededFuture(List.<String>of()))
        .compose(parts -> Future.join(parts.stream().map(part -> removeIfOlder(part, cutoff)).toList()))
        .map(all -> (int) all.list().stream().filter(Boolean.TRUE::equals).count())
        .onSuccess(removed -> {
          if (removed > 0) {
            LOG.info("removed {} temporary upload file(s) left by interrupted uploads", removed);
          }
        })
        .otherwise(e -> {
          LOG.warn("sweep of temporary upload files failed: {}", e.toString());
          return 0;
        });
  }

  /** True when removed; another node's sweep may remove it first, which is fine. */
  private Future<Boolean> removeIfOlder(String part, long cutoff) {
    return fs.props(part)
        .compose(props -> props.lastModifiedTime() < cutoff ? fs.delete(part).map(true) : Future.succeededFuture(false))
        .otherwise(false);
  }
}
