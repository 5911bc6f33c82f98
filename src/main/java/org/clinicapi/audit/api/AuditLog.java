package org.clinicapi.audit.api;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Appends one audit event inside the caller's transaction, so that a write and the event recording it
 * commit together or not at all (issue 10 item 5). The append is one INSERT of an unlinked row on a random
 * shared chain: it takes no lock anyone else waits on, so it may run anywhere in the transaction. The audit
 * feature's linker gives the row its place in the hash chain shortly after the commit (its periodic sweep
 * finds rows committed by other transactions).
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /**
   * The shared chains 0..7 (seeded by V3): rows appended in a write's transaction, or by a group writer
   * without a writer chain, go there unlinked and the linkers link them.
   */
  public static final int SHARED_CHAINS = 8;
  /**
   * The writer chains 8..15 (seeded by V11): each leased by one group writer at a time, whose rows are
   * linked as they are inserted.
   */
  public static final int FIRST_WRITER_CHAIN = SHARED_CHAINS;
  public static final int WRITER_CHAINS = 8;
  /** All chains (rows in {@code audit_chain_heads}). */
  public static final int CHAINS = SHARED_CHAINS + WRITER_CHAINS;
  /** The columns an append writes: the event and its chain; the links are the linker's. */
  public static final String EVENT_COLUMNS = """
      id, at, actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome, ip, user_agent,
      request_id, chain""";
  public static final String COLUMNS = EVENT_COLUMNS + ", chain_seq, prev_hash, hash";
  static final String INSERT = """
      INSERT INTO audit_events (%s)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""".formatted(EVENT_COLUMNS);

  /** SQLSTATE 25P02: an earlier statement of the transaction failed, so this one was not even tried. */
  private static final String IN_FAILED_TRANSACTION = "25P02";

  private AuditLog() {
  }

  /** Writes {@code event} on {@code sql} (a connection inside a transaction); completes with its receipt. */
  public static Future<AuditReceipt> appendInTransaction(SqlClient sql, AuditEvent event) {
    AuditEvent e;
    try {
      e = stored(event);
    } catch (ServiceException bad) {
      return Future.failedFuture(bad);
    }
    UUID id = Ids.timeOrdered();
    short chain = randomChain();
    return sql.preparedQuery(INSERT).execute(row(id, e, chain)).map(v -> new AuditReceipt(id, chain)).recover(failure -> {
      if (failure instanceof PgException pg && IN_FAILED_TRANSACTION.equals(pg.getSqlState())) {
        // Sent behind a write (pipelined) that failed first: the write's own error is the caller's answer.
        return Future.failedFuture(failure);
      }
      // The caller's transaction rolls back with it: the write did not happen, so 503 (try again), as when
      // the group writer is down. The cause stays in the log, not in the answer.
      LOG.warn("audit event {} not written in its transaction: {}", e.action(), failure.toString());
      return Future.failedFuture(ServiceException.auditDown());
    });
  }

  /** Rows spread over the shared chains, so the linkers of several processes rarely want the same head. */
  public static short randomChain() {
    return (short) ThreadLocalRandom.current().nextInt(SHARED_CHAINS);
  }

  private static Tuple row(UUID id, AuditEvent e, short chain) {
    return Tuple.from(Arrays.asList(id, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.actorId(), e.actorRole(),
        e.action(), e.resourceType(), e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId(),
        chain));
  }

  /** A time at the precision PostgreSQL stores (what the linker will hash), and a complete event. */
  private static AuditEvent stored(AuditEvent e) {
    if (e == null || e.at() == null || e.action() == null || e.outcome() == null) {
      throw ServiceException.validation(List.of(new FieldError("audit", "is not a well-formed audit event")));
    }
    return new AuditEvent(AuditHash.toStoredPrecision(e.at()), e.actorId(), e.actorRole(), e.action(), e.resourceType(),
        e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId());
  }
}
