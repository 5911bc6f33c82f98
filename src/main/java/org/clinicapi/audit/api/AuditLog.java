package org.clinicapi.audit.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
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
 * commit together or not at all (issue 10 item 5). It links the row the way the group writer links a batch:
 * lock a random chain's head ({@code SELECT ... FOR UPDATE}), hash the row after it, insert, advance the head.
 *
 * <p>Call it as the LAST statement of the write transaction: the head lock is then held only until the
 * commit, and every transaction takes its locks in one order, business rows first and a chain head last,
 * so two writes can wait on each other's head but never deadlock through it.
 *
 * <p>The SQL is the group writer's (it uses these statements too), so both write the same rows.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** The number of hash chains (rows in {@code audit_chain_heads}, seeded by V3). */
  public static final int CHAINS = 8;
  public static final String COLUMNS = """
      id, at, actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome, ip, user_agent,
      request_id, chain, chain_seq, prev_hash, hash""";
  public static final String LOCK_HEAD = "SELECT chain, seq, hash FROM audit_chain_heads WHERE chain = $1 FOR UPDATE";
  public static final String INSERT = """
      INSERT INTO audit_events (%s)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""".formatted(COLUMNS);
  public static final String ADVANCE_HEAD = "UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE chain = $1";

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
    // A random chain: concurrent writes rarely queue on one head lock.
    short chain = (short) ThreadLocalRandom.current().nextInt(CHAINS);
    UUID id = Ids.random();
    return link(sql, e, chain, id).recover(failure -> {
      // The caller's transaction rolls back with it: the write did not happen, so 503 (try again), as when
      // the group writer is down. The cause stays in the log, not in the answer.
      LOG.warn("audit event {} not written in its transaction: {}", e.action(), failure.toString());
      return Future.failedFuture(ServiceException.auditDown());
    });
  }

  private static Future<AuditReceipt> link(SqlClient sql, AuditEvent e, short chain, UUID id) {
    return sql.preparedQuery(LOCK_HEAD).execute(Tuple.of(chain)).compose(rows -> {
      Row head = rows.iterator().next();
      byte[] prev = head.getBuffer("hash").getBytes();
      long seq = head.getLong("seq") + 1;
      byte[] hash = AuditHash.of(prev, id, e, chain, seq);
      return sql.preparedQuery(INSERT).execute(row(id, e, chain, seq, prev, hash))
          .compose(v -> sql.preparedQuery(ADVANCE_HEAD).execute(Tuple.of(chain, seq, Buffer.buffer(hash))))
          .map(v -> new AuditReceipt(id, chain, seq));
    });
  }

  /** The row's parameters in {@link #COLUMNS} order. */
  public static Tuple row(UUID id, AuditEvent e, short chain, long seq, byte[] prevHash, byte[] hash) {
    return Tuple.from(Arrays.asList(id, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.actorId(), e.actorRole(),
        e.action(), e.resourceType(), e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId(),
        chain, seq, Buffer.buffer(prevHash), Buffer.buffer(hash)));
  }

  /** A time at the precision PostgreSQL stores (so the hash matches the row read back), and a complete event. */
  private static AuditEvent stored(AuditEvent e) {
    if (e == null || e.at() == null || e.action() == null || e.outcome() == null) {
      throw ServiceException.validation(List.of(new FieldError("audit", "is not a well-formed audit event")));
    }
    return new AuditEvent(AuditHash.toStoredPrecision(e.at()), e.actorId(), e.actorRole(), e.action(), e.resourceType(),
        e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId());
  }
}
