package org.clinicapi.audit;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Self-clocking group commit for audit appends. With no batch in flight an append is written at once (a
 * batch of one); while a batch is in flight, appends collect, and when it completes everything collected
 * (up to {@link #MAX_BATCH}) goes in the next one. So a batch grows with the load and nothing ever waits
 * for a timer. A batch is one multi-row INSERT in autocommit (one round trip, no lock), and each waiting
 * append is answered only once its batch is durable: the event is durable before the response it
 * records. A failed batch fails all its appends with SERVICE_UNAVAILABLE. The rows are linked into their
 * chains afterwards by the {@link AuditLinker}, which the writer nudges after each batch.
 *
 * <p>Runs on its verticle's event loop only, so its state needs no lock.
 */
final class AuditWriter {
  static final int MAX_BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final String STATS_KEY = "audit.writer.stats";

  private record Pending(ChainedEvent row, Promise<AuditReceipt> reply) {
  }

  private final AuditRepository repository;
  private final Runnable written;
  private final Stats stats;
  private List<Pending> pending = new ArrayList<>();
  private boolean inFlight;

  /** {@code written} runs after each durable batch (on this event loop). */
  AuditWriter(Vertx vertx, AuditRepository repository, Runnable written) {
    this.repository = repository;
    this.written = written;
    this.stats = stats(vertx);
  }

  /** Completes with the event's receipt once its row is committed. */
  Future<AuditReceipt> append(AuditEvent event) {
    Promise<AuditReceipt> reply = Promise.promise();
    ChainedEvent row = new ChainedEvent(Ids.random(), event, AuditLog.randomChain(), null, null, null);
    pending.add(new Pending(row, reply));
    stats.appended.incrementAndGet();
    if (!inFlight) {
      flush();
    }
    return reply.future();
  }

  private void flush() {
    List<Pending> batch;
    if (pending.size() <= MAX_BATCH) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, MAX_BATCH));
      pending = new ArrayList<>(pending.subList(MAX_BATCH, pending.size()));
    }
    inFlight = true;
    stats.batches.incrementAndGet();
    Future<Void> insert;
    try {
      insert = repository.append(batch.stream().map(Pending::row).toList());
    } catch (RuntimeException e) {
      insert = Future.failedFuture(e);
    }
    insert.onComplete(ar -> completed(batch, ar));
  }

  private void completed(List<Pending> batch, AsyncResult<Void> result) {
    inFlight = false;
    settle(batch, result);
    if (result.succeeded()) {
      written.run();
    }
    if (!pending.isEmpty()) {
      flush();
    }
  }

  private void settle(List<Pending> batch, AsyncResult<Void> result) {
    if (result.failed()) {
      stats.failedBatches.incrementAndGet();
      LOG.warn("audit batch of {} event(s) not written: {}", batch.size(), result.cause().toString());
      ServiceException down = ServiceException.auditDown();
      batch.forEach(p -> p.reply().fail(down));
      return;
    }
    stats.events.addAndGet(batch.size());
    batch.forEach(p -> p.reply().complete(new AuditReceipt(p.row().id(), p.row().chain())));
  }

  /**
   * Counters of this Vertx's audit writers (process-local): appends received, batches written (one INSERT
   * each) and events written.
   */
  static Stats stats(Vertx vertx) {
    return (Stats) vertx.sharedData().getLocalMap(STATS_KEY).computeIfAbsent(STATS_KEY, k -> new Stats());
  }

  static final class Stats implements Shareable {
    final AtomicLong appended = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    public long appended() {
      return appended.get();
    }

    public long batches() {
      return batches.get();
    }

    public long events() {
      return events.get();
    }
  }
}
