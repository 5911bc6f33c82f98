package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.audit.api.AuditQuery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the audit log. Lists are assembled from constant fragments; values always travel as $n. */
final class AuditRepository {
  private static final String COLUMNS = AuditLog.COLUMNS;
  // One set of statements for the group writer and the in-transaction append: both write the same rows.
  static final String LOCK_HEAD = AuditLog.LOCK_HEAD;
  static final String INSERT = AuditLog.INSERT;
  static final String ADVANCE_HEAD = AuditLog.ADVANCE_HEAD;
  static final String HEADS = "SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain";
  static final String CHAIN_PAGE = """
      SELECT %s FROM audit_events
       WHERE chain = $1 AND chain_seq > $2 AND chain_seq <= $3
       ORDER BY chain_seq LIMIT $4""".formatted(COLUMNS);
  private static final String SELECT = "SELECT " + COLUMNS + " FROM audit_events";

  /** A chain's last link. */
  record Head(short chain, long seq, byte[] hash) {
  }

  private final Pool pool;

  AuditRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  static Future<Head> lockHead(SqlClient conn, short chain) {
    return conn.preparedQuery(LOCK_HEAD).execute(Tuple.of(chain))
        .map(rows -> toHead(rows.iterator().next()));
  }

  static Future<Void> insert(SqlClient conn, List<ChainedEvent> rows) {
    return conn.preparedQuery(INSERT).executeBatch(rows.stream().map(AuditRepository::toTuple).toList()).mapEmpty();
  }

  static Future<Void> advance(SqlClient conn, Head head) {
    return conn.preparedQuery(ADVANCE_HEAD).execute(Tuple.of(head.chain(), head.seq(), Buffer.buffer(head.hash())))
        .mapEmpty();
  }

  Future<List<Head>> heads() {
    return pool.preparedQuery(HEADS).execute().map(rows -> map(rows, AuditRepository::toHead));
  }

  /** Rows of one chain after {@code afterSeq} up to {@code upToSeq}, in chain order. */
  Future<List<ChainedEvent>> chainPage(short chain, long afterSeq, long upToSeq, int limit) {
    return pool.preparedQuery(CHAIN_PAGE).execute(Tuple.of(chain, afterSeq, upToSeq, limit))
        .map(rows -> map(rows, AuditRepository::toEvent));
  }

  /** Up to {@code query.limit()} rows past the cursor, newest first or oldest first. */
  Future<List<ChainedEvent>> find(AuditQuery query, boolean newestFirst) {
    List<Object> params = new ArrayList<>();
    List<String> where = filters(query, params);
    if (query.cursor() != null) {
      params.add(utc(query.cursor().at()));
      params.add(query.cursor().id());
      String keyset = newestFirst ? "(at, id) < ($%d, $%d)" : "(at, id) > ($%d, $%d)";
      where.add(keyset.formatted(params.size() - 1, params.size()));
    }
    params.add(query.limit());
    String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + (newestFirst ? " ORDER BY at DESC, id DESC" : " ORDER BY at, id") + " LIMIT $" + params.size();
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> map(rows, AuditRepository::toEvent));
  }

  /** Only constant fragments and parameter numbers go into the SQL; the values go into {@code params}. */
  private static List<String> filters(AuditQuery query, List<Object> params) {
    List<String> where = new ArrayList<>();
    condition(where, params, "patient_id = $%d", query.patientId());
    condition(where, params, "actor_id = $%d", query.actorId());
    condition(where, params, "actor_id IS DISTINCT FROM $%d", query.excludeActorId());
    condition(where, params, "action = $%d", query.action());
    condition(where, params, "at >= $%d", utc(query.from()));
    condition(where, params, "at < $%d", utc(query.to()));
    return where;
  }

  private static void condition(List<String> where, List<Object> params, String fragment, Object value) {
    if (value != null) {
      params.add(value);
      where.add(fragment.formatted(params.size()));
    }
  }

  private static OffsetDateTime utc(java.time.Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Tuple toTuple(ChainedEvent row) {
    return AuditLog.row(row.id(), row.event(), row.chain(), row.seq(), row.prevHash(), row.hash());
  }

  private static Head toHead(Row row) {
    return new Head(row.getShort("chain"), row.getLong("seq"),
        row.getBuffer("hash").getBytes());
  }

  private static ChainedEvent toEvent(Row r) {
    AuditEvent event = new AuditEvent(r.getOffsetDateTime("at").toInstant(), r.getUUID("actor_id"),
        r.getString("actor_role"), r.getString("action"), r.getString("resource_type"), r.getString("resource_id"),
        r.getUUID("patient_id"), r.getString("outcome"), r.getString("ip"), r.getString("user_agent"),
        r.getString("request_id"));
    return new ChainedEvent(r.getUUID("id"), event, r.getShort("chain"), r.getLong("chain_seq"),
        r.getBuffer("prev_hash").getBytes(), r.getBuffer("hash").getBytes());
  }

  private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }
}
