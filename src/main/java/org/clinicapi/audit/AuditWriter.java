package org.clinicapi.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.clinicapi.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Self-clocking group commit for audit appends. With no batch in flight an append is written at once (a
 * batch of one); while a batch is in flight, appends collect, and when it completes everything collected
 * (up to {@link #MAX_BATCH}) goes in the next one. So a batch grows with the load and nothing ever waits
 * for a timer. A batch is one multi-row INSERT in autocommit (one round trip, no lock), and each waiting
 * append is answered only once its batch is durable: the event is durable before the response it
 * records. A failed batch fails all its appends with SERVICE_UNAVAILABLE.
 *
 * <p>The writer leases a writer chain of its own ({@link WriterChain}: a dedicated connection holding the
 * chain's advisory lock) and inserts each batch there already linked, moving the head in the same
 * statement: no UPDATE of the rows, no linker. One batch in flight keeps the chain's order. If the lease's
 * connection fails, the batch in flight fails and the next batch takes a new lease (and reads the head
 * again). If no writer chain is free (more writers than writer chains), batches go unlinked to random
 * shared chains as in-transaction appends do, the {@link AuditLinker} (nudged after such a batch) links
 * them, and the writer tries for a lease again every {@link #LEASE_RETRY_MS}.
 *
 * <p>Runs on its verticle's event loop only, so its state needs no lock.
 */
final class AuditWriter {
  static final int MAX_BATCH = 1000;
  /**
   * Appends that may wait for the batch in flight; beyond, an append fails at once with SERVICE_UNAVAILABLE. Without
   * this bound a database slower than the requests that append (overload, a stalled insert) grew the list, and the
   * heap, without limit: each waiting append is also a request that waits, long after its client was answered 503.
   */
  static final int MAX_PENDING = 10 * MAX_BATCH;
  private static final ServiceException BUSY = ServiceException.unavailable("The audit log is busy. Try again shortly.");
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final String STATS_KEY = "audit.writer.stats";

  /** How long a writer that found no writer chain free (or could not connect) writes to shared chains. */
  static final long LEASE_RETRY_MS = 1000;

  private record Pending(UUID id, AuditEvent event, Promise<AuditReceipt> reply) {
  }

  private final AuditRepository repository;
  private final Supplier<Future<SqlConnection>> connector;
  private final Runnable written;
  private final Stats stats;
  private List<Pending> pending = new ArrayList<>();
  private boolean inFlight;
  /** The writer chain leased now; null: none (take one before the next batch, unless in the retry pause). */
  private WriterChain chain;
  private long leaseRetryAt;
  private boolean shared;
  private boolean refusing;

  /**
   * {@code connector} opens the dedicated connection a lease is held on (not a pool's); {@code written} runs
   * after each durable batch that left rows for the linker (on this event loop).
   */
  AuditWriter(Vertx vertx, AuditRepository repository, Supplier<Future<SqlConnection>> connector, Runnable written) {
    this.repository = repository;
    this.connector = connector;
    this.written = written;
    this.stats = stats(vertx);
  }

  /** Completes with the event's receipt once its row is committed; fails at once while {@link #MAX_PENDING} wait. */
  Future<AuditReceipt> append(AuditEvent event) {
    if (pending.size() >= MAX_PENDING) {
      refused();
      return Future.failedFuture(BUSY);
    }
    Promise<AuditReceipt> reply = Promise.promise();
    pending.add(new Pending(Ids.timeOrdered(), event, reply));
    stats.appended.incrementAndGet();
    if (!inFlight) {
      flush();
    }
    return reply.future();
  }

  /** Logged once per spell of refusals, not per refused append (that would add to the load that caused it). */
  private void refused() {
    stats.refused.incrementAndGet();
    if (!refusing) {
      refusing = true;
      LOG.warn("audit writer refuses appends: {} wait for the batch in flight", pending.size());
    }
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
    Future<List<ChainedEvent>> insert;
    try {
      insert = leased().compose(leased -> leased == null ? appendShared(batch) : appendLinked(leased, batch));
    } catch (RuntimeException e) {
      insert = Future.failedFuture(e);
    }
    insert.onComplete(ar -> completed(batch, ar));
  }

  /** Ends the lease, if one is held (its chain is free for another writer at once). */
  Future<Void> close() {
    WriterChain held = chain;
    chain = null;
    return held == null ? Future.succeededFuture() : held.close();
  }

  /** The writer chain to write on: the one held, else a new lease; null: write to shared chains this time. */
  private Future<WriterChain> leased() {
    if (chain != null && !chain.closed()) {
      return Future.succeededFuture(chain);
    }
    chain = null;
    if (System.currentTimeMillis() < leaseRetryAt) {
      return Future.succeededFuture();
    }
    return WriterChain.lease(connector).transform(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        WriterChain leased = ar.result();
        chain = leased.onLost(() -> {
          if (chain == leased) {
            chain = null;
          }
        });
        stats.leases.incrementAndGet();
        if (shared) {
          LOG.info("audit writer leased writer chain {} again", leased.chain());
        }
        shared = false;
        return Future.succeededFuture(leased);
      }
      leaseRetryAt = System.currentTimeMillis() + LEASE_RETRY_MS;
      if (!shared) {
        // Logged once per spell: many writers (processes) beyond the writer chains is a sizing matter, not an error.
        LOG.info("audit writer has no writer chain ({}): batches go to shared chains, linked after",
            ar.succeeded() ? "all leased" : ar.cause().toString());
      }
      shared = true;
      return Future.succeededFuture();
    });
  }

  /** The batch linked at insert on the leased chain; a failure ends the lease (the next batch takes a new one). */
  private Future<List<ChainedEvent>> appendLinked(WriterChain leased, List<Pending> batch) {
    List<ChainedEvent> rows = batch.stream()
        .map(p -> new ChainedEvent(p.id(), p.event(), leased.chain(), null, null, null)).toList();
    return leased.append(rows).transform(ar -> {
      if (ar.failed()) {
        if (chain == leased) {
          chain = null;
        }
        leased.close();
        return Future.failedFuture(ar.cause());
      }
      return Future.succeededFuture(rows);
    });
  }

  /** The batch unlinked on random shared chains, for the linker. */
  private Future<List<ChainedEvent>> appendShared(List<Pending> batch) {
    List<ChainedEvent> rows = batch.stream()
        .map(p -> new ChainedEvent(p.id(), p.event(), AuditLog.randomChain(), null, null, null)).toList();
    return repository.append(rows).map(v -> {
      written.run();
      return rows;
    });
  }

  private void completed(List<Pending> batch, AsyncResult<List<ChainedEvent>> result) {
    inFlight = false;
    if (refusing && pending.size() < MAX_PENDING) {
      refusing = false;
      LOG.info("audit writer accepts appends again");
    }
    settle(batch, result);
    if (!pending.isEmpty()) {
      flush();
    }
  }

  private void settle(List<Pending> batch, AsyncResult<List<ChainedEvent>> result) {
    if (result.failed()) {
      stats.failedBatches.incrementAndGet();
      LOG.warn("audit batch of {} event(s) not written: {}", batch.size(), result.cause().toString());
      ServiceException down = ServiceException.auditDown();
      batch.forEach(p -> p.reply().fail(down));
      return;
    }
    stats.events.addAndGet(batch.size());
    List<ChainedEvent> rows = result.result();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).reply().complete(new AuditReceipt(rows.get(i).id(), rows.get(i).chain()));
    }
  }

  /**
   * Counters of this Vertx's audit writers (process-local): appends received, batches written (one INSERT
   * each), events written and writer-chain leases taken.
   */
  static Stats stats(Vertx vertx) {
    return (Stats) vertx.sharedData().getLocalMap(STATS_KEY)
        .computeIfAbsent(STATS_KEY, k -> new Stats().exposed(Metrics.registry(vertx)));
  }

  static final class Stats implements Shareable {
    final AtomicLong appended = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong leases = new AtomicLong();
    /** Appends refused because {@link #MAX_PENDING} were waiting. */
    final AtomicLong refused = new AtomicLong();

    /**
     * Batches and events written, as counters on the metrics listener (null registry: metrics off): their
     * ratio is the group commit's batch size, the figure that says whether reads' audit rows share commits.
     */
    Stats exposed(MeterRegistry registry) {
      if (registry != null) {
        FunctionCounter.builder("clinic_audit_batches", this, s -> s.batches.get())
            .description("Audit group-commit batches issued (one INSERT each)").register(registry);
        FunctionCounter.builder("clinic_audit_batch_events", this, s -> s.events.get())
            .description("Audit events written by group-commit batches").register(registry);
        FunctionCounter.builder("clinic_audit_failed_batches", this, s -> s.failedBatches.get())
            .description("Audit group-commit batches that failed (their appends answered 503)").register(registry);
        FunctionCounter.builder("clinic_audit_refused_appends", this, s -> s.refused.get())
            .description("Audit appends refused at once (503) because the writer's queue was full").register(registry);
      }
      return this;
    }

    public long appended() {
      return appended.get();
    }

    public long batches() {
      return batches.get();
    }

    public long events() {
      return events.get();
    }

    /** Writer-chain leases taken. */
    public long leases() {
      return leases.get();
    }
  }
}
