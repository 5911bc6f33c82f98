package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links appended audit rows into their hash chains, in the order it finds them committed. One pass: find
 * the chains with unlinked rows, then in one transaction lock their heads ({@code FOR UPDATE}, in chain
 * order), read up to {@link #BATCH} unlinked rows of the locked chains (by chain, at, id), hash each after
 * the previous link exactly as {@link AuditHash} always has, write the links and the new heads in one
 * statement, commit.
 *
 * <p>Only linkers lock heads, so writers never wait on one. The head lock serializes the linkers of a chain
 * across verticle instances and processes: a linker that gets the lock after another committed reads the
 * moved head and only the rows still unlinked. A pass that fails (or is killed) rolls back whole: its rows
 * stay unlinked for the next pass.
 *
 * <p>Background passes ({@link #request()}, after each group flush and from the periodic sweep, never on a
 * request's path) run one at a time per instance and coalesce: a request during a pass means one more pass
 * after it. They skip heads another linker holds rather than queue a connection behind it; a row that
 * linker had not seen yet is picked up by the next nudge or sweep. {@link #linkAll()} waits for the heads
 * instead, so it links everything committed before it is called (verification and export need that).
 * Runs on its verticle's event loop.
 */
final class AuditLinker {
  static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(AuditLinker.class);

  private final AuditRepository repository;
  private boolean running;
  private boolean again;
  private boolean failing;

  AuditLinker(AuditRepository repository) {
    this.repository = repository;
  }

  /** A linker on its own pool (tests drive it directly, as a second process would). */
  static AuditLinker on(Pool pool) {
    return new AuditLinker(new AuditRepository(pool));
  }

  /** Starts the periodic sweep that finds rows appended in other transactions (in-transaction appends). */
  void sweepEvery(Vertx vertx, long periodMs) {
    vertx.setPeriodic(periodMs, id -> request());
  }

  /** Link soon, in the background; many requests during a pass cost one more pass. */
  void request() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pass(false).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        // The rows stay unlinked; the next flush or sweep tries again. Logged once per outage, not per sweep.
        if (!failing) {
          LOG.warn("audit chains not linked (retried every sweep): {}", ar.cause().toString());
        }
        failing = true;
      } else {
        if (failing) {
          LOG.info("audit chains linked again");
        }
        failing = false;
        again |= ar.result() == BATCH;
      }
      if (again) {
        request();
      }
    });
  }

  /** Links until no row is left that was committed before the call (and some after); completes when done. */
  Future<Void> linkAll() {
    return pass(true).compose(linked -> linked == BATCH ? linkAll() : Future.succeededFuture());
  }

  /**
   * One pass; completes with the number of rows it linked. {@code wait}: wait for heads other linkers hold
   * (else skip those chains).
   */
  Future<Integer> pass(boolean wait) {
    return repository.dirtyChains().compose(chains -> chains.isEmpty()
        ? Future.succeededFuture(0)
        : repository.pool().withTransaction(conn -> link(conn, chains, wait)));
  }

  private static Future<Integer> link(SqlConnection conn, List<Short> dirty, boolean wait) {
    return AuditRepository.lockHeads(conn, dirty, wait)
        .compose(heads -> heads.isEmpty() ? Future.succeededFuture(0) : linkAfter(conn, heads));
  }

  /** Links the unlinked rows of the chains whose {@code heads} this transaction holds. */
  private static Future<Integer> linkAfter(SqlConnection conn, List<AuditRepository.Head> heads) {
    List<Short> chains = heads.stream().map(AuditRepository.Head::chain).toList();
    return AuditRepository.unlinked(conn, chains, BATCH).compose(rows -> {
      if (rows.isEmpty()) {
        // Another linker linked them between the probe and the lock.
        return Future.succeededFuture(0);
      }
      Chained chained = chain(heads, rows);
      return AuditRepository.link(conn, chained.rows(), chained.heads()).map(rows.size());
    });
  }

  private record Chained(List<ChainedEvent> rows, List<AuditRepository.Head> heads) {
  }

  /** Hashes each row after the previous link of its chain; the heads that moved, at their new last link. */
  private static Chained chain(List<AuditRepository.Head> heads, List<ChainedEvent> unlinked) {
    Map<Short, AuditRepository.Head> last = new HashMap<>();
    heads.forEach(h -> last.put(h.chain(), h));
    Map<Short, AuditRepository.Head> moved = new HashMap<>();
    List<ChainedEvent> linked = new ArrayList<>(unlinked.size());
    for (ChainedEvent row : unlinked) {
      AuditRepository.Head head = last.get(row.chain());
      long seq = head.seq() + 1;
      byte[] hash = AuditHash.of(head.hash(), row.id(), row.event(), row.chain(), seq);
      linked.add(new ChainedEvent(row.id(), row.event(), row.chain(), seq, head.hash(), hash));
      AuditRepository.Head next = new AuditRepository.Head(row.chain(), seq, hash);
      last.put(row.chain(), next);
      moved.put(row.chain(), next);
    }
    return new Chained(linked, new ArrayList<>(moved.values()));
  }
}
