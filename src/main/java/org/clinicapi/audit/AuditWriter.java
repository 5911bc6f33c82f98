package org.clinicapi.audit;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditHash;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for audit appends. Appends arriving on this verticle instance within {@link #MAX_DELAY_MS}
 * (or until {@link #MAX_BATCH} are waiting) are written in one transaction on one randomly chosen chain,
 * and every waiting append is answered only after that transaction commits: the event is durable before
 * the response it records. If the transaction fails, every waiting append fails with SERVICE_UNAVAILABLE.
 * Runs on its verticle's event loop only, so the pending list needs no lock.
 */
final class AuditWriter {
  static final int CHAINS = AuditLog.CHAINS;
  static final int MAX_BATCH = 200;
  static final long MAX_DELAY_MS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final String STATS_KEY = "audit.writer.stats";

  private record Pending(UUID id, AuditEvent event, Promise<JsonObject> reply) {
  }

  private final Vertx vertx;
  private final AuditRepository repository;
  private final Stats stats;
  private List<Pending> pending = new ArrayList<>();
  private long timerId = -1;

  AuditWriter(Vertx vertx, AuditRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
    this.stats = stats(vertx);
  }

  /** Completes with {@code {id, chain, seq}} once the event is committed. */
  Future<JsonObject> append(AuditEvent event) {
    Promise<JsonObject> reply = Promise.promise();
    pending.add(new Pending(Ids.random(), event, reply));
    if (pending.size() >= MAX_BATCH) {
      flush();
    } else if (timerId < 0) {
      timerId = vertx.setTimer(MAX_DELAY_MS, t -> {
        timerId = -1;
        flush();
      });
    }
    return reply.future();
  }

  private void flush() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    if (batch.isEmpty()) {
      return;
    }
    // A random chain per batch: concurrent batches (other instances, other nodes) rarely wait on one head lock.
    short chain = (short) ThreadLocalRandom.current().nextInt(CHAINS);
    stats.transactions.incrementAndGet();
    repository.pool().withTransaction(conn -> write(conn, chain, batch))
        .onComplete(ar -> settle(batch, ar));
  }

  private Future<List<ChainedEvent>> write(SqlConnection conn, short chain, List<Pending> batch) {
    return AuditRepository.lockHead(conn, chain).compose(head -> {
      List<ChainedEvent> rows = link(head, batch);
      ChainedEvent last = rows.get(rows.size() - 1);
      return AuditRepository.insert(conn, rows)
          .compose(v -> AuditRepository.advance(conn, new AuditRepository.Head(chain, last.seq(), last.hash())))
          .map(rows);
    });
  }

  /** Chains the batch after the head: each row's hash covers the previous row's hash. */
  private static List<ChainedEvent> link(AuditRepository.Head head, List<Pending> batch) {
    List<ChainedEvent> rows = new ArrayList<>(batch.size());
    byte[] prev = head.hash();
    long seq = head.seq();
    for (Pending p : batch) {
      seq++;
      byte[] hash = AuditHash.of(prev, p.id(), p.event(), head.chain(), seq);
      rows.add(new ChainedEvent(p.id(), p.event(), head.chain(), seq, prev, hash));
      prev = hash;
    }
    return rows;
  }

  private void settle(List<Pending> batch, AsyncResult<List<ChainedEvent>> result) {
    if (result.failed()) {
      stats.failedTransactions.incrementAndGet();
      LOG.warn("audit batch of {} event(s) not written: {}", batch.size(), result.cause().toString());
      ServiceException down = ServiceException.auditDown();
      batch.forEach(p -> p.reply().fail(down));
      return;
    }
    stats.events.addAndGet(batch.size());
    List<ChainedEvent> rows = result.result();
    for (int i = 0; i < rows.size(); i++) {
      ChainedEvent row = rows.get(i);
      batch.get(i).reply()
          .complete(new JsonObject().put("id", row.id().toString()).put("chain", row.chain()).put("seq", row.seq()));
    }
  }

  /** Counters of this Vertx's audit writers (process-local): committed transactions and events. */
  static Stats stats(Vertx vertx) {
    return (Stats) vertx.sharedData().getLocalMap(STATS_KEY).computeIfAbsent(STATS_KEY, k -> new Stats());
  }

  static final class Stats implements Shareable {
    final AtomicLong transactions = new AtomicLong();
    final AtomicLong failedTransactions = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    public long transactions() {
      return transactions.get();
    }

    public long events() {
      return events.get();
    }
  }
}
