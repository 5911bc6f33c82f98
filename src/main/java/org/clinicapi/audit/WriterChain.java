package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditHash;
import org.clinicapi.audit.api.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A writer chain leased by one group writer: its own connection (never the shared pool's), the session
 * advisory lock on the chain taken on it, and the chain's head cached from when the lease was taken. Only
 * the lease holder appends to the chain, so the cached head is the real one: each batch is hashed in Java
 * after it ({@link AuditHash}, exactly as the linker hashes) and inserted already linked, with the head
 * moved, in one autocommit statement. The cache advances only once that statement succeeded.
 *
 * <p>The lease lives and dies with the connection: a lease held on one connection while writing on another
 * could be lost unnoticed and let a second writer fork the chain. When the connection closes (or any batch
 * fails) the writer drops this lease; the head guard in the statement catches the rest.
 */
final class WriterChain {
  private static final Logger LOG = LoggerFactory.getLogger(WriterChain.class);
  private final SqlConnection conn;
  private AuditRepository.Head head;
  private boolean closed;

  private WriterChain(SqlConnection conn, AuditRepository.Head head) {
    this.conn = conn;
    this.head = head;
  }

  /**
   * Opens a connection and leases a free writer chain on it (trying them in random order, so writers that
   * start together spread out); null when every writer chain is leased (the connection is closed then).
   */
  static Future<WriterChain> lease(Supplier<Future<SqlConnection>> connector) {
    List<Short> chains = new ArrayList<>();
    for (int c = 0; c < AuditLog.WRITER_CHAINS; c++) {
      chains.add((short) (AuditLog.FIRST_WRITER_CHAIN + c));
    }
    Collections.shuffle(chains);
    // Without a handler the SQL client prints an error outside a command (57P01, a reset) on stderr.
    return connector.get().map(conn -> conn.exceptionHandler(e -> LOG.warn("audit writer connection lost: {}", e.toString())))
        .compose(conn -> tryEach(conn, chains, 0)
        .compose(head -> head == null ? conn.close().map((WriterChain) null) : Future.succeededFuture(new WriterChain(conn, head)),
            failure -> conn.close().transform(v -> Future.failedFuture(failure))));
  }

  /** The head of the first of {@code chains} from {@code index} this session could lease (null: none). */
  private static Future<AuditRepository.Head> tryEach(SqlConnection conn, List<Short> chains, int index) {
    if (index == chains.size()) {
      return Future.succeededFuture();
    }
    short chain = chains.get(index);
    // The head is read after the lease is held: no other writer can move it from then on.
    return AuditRepository.tryLease(conn, chain).compose(leased -> leased
        ? AuditRepository.head(conn, chain)
        : tryEach(conn, chains, index + 1));
  }

  short chain() {
    return head.chain();
  }

  /** Runs {@code lost} once, when the connection (and so the lease) goes away. */
  WriterChain onLost(Runnable lost) {
    conn.closeHandler(v -> {
      closed = true;
      lost.run();
    });
    return this;
  }

  boolean closed() {
    return closed;
  }

  /** Links {@code rows} (unlinked, in order) after the head and writes them; the head moves once they are durable. */
  Future<Void> append(List<ChainedEvent> rows) {
    AuditRepository.Head from = head;
    List<ChainedEvent> linked = new ArrayList<>(rows.size());
    AuditRepository.Head last = from;
    for (ChainedEvent row : rows) {
      long seq = last.seq() + 1;
      byte[] hash = AuditHash.of(last.hash(), row.id(), row.event(), chain(), seq);
      linked.add(new ChainedEvent(row.id(), row.event(), chain(), seq, last.hash(), hash));
      last = new AuditRepository.Head(chain(), seq, hash);
    }
    AuditRepository.Head to = last;
    return AuditRepository.appendLinked(conn, linked, from, to).onSuccess(v -> head = to);
  }

  /** Ends the lease (closing the connection releases the advisory lock). */
  Future<Void> close() {
    closed = true;
    return conn.close();
  }
}
