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
import java.util.UUID;

/** The SQL of the audit log. Lists are assembled from constant fragments; values always travel as $n. */
final class AuditRepository {
  private static final String COLUMNS = AuditLog.COLUMNS;
  /** A whole group-commit batch in one statement: one array per column, so 13 parameters whatever its size. */
  static final String APPEND = """
      INSERT INTO audit_events (%s)
      SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                           $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int2[])""".formatted(
      AuditLog.EVENT_COLUMNS);
  /**
   * A writer chain's batch, linked at insert: the rows with their links, and the head moved from the seq the
   * writer cached. The rows join the head's UPDATE, so if the head is not where the writer thinks (a lost
   * lease: a bug) neither moves: the statement inserts 0 rows and the writer fails the batch.
   */
  static final String APPEND_LINKED = """
      WITH head AS (
        UPDATE audit_chain_heads SET seq = $19, hash = $20 WHERE chain = $17 AND seq = $18 RETURNING 1)
      INSERT INTO audit_events (%s, chain_seq, prev_hash, hash)
      SELECT r.* FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                             $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int2[],
                             $14::int8[], $15::bytea[], $16::bytea[]) AS r, head""".formatted(AuditLog.EVENT_COLUMNS);
  /** A writer chain's head, read once per lease. */
  static final String HEAD = "SELECT chain, seq, hash FROM audit_chain_heads WHERE chain = $1";
  /** The lease on a writer chain: held by the session, so it ends with the writer's connection. */
  static final String TRY_LEASE = "SELECT pg_try_advisory_lock($1, $2) AS leased";
  /** The first key of the writer-chain leases (the second is the chain); 'AUDW', clear of other advisory users. */
  static final int LEASE_KEY = 0x41554457;
  /**
   * The chains with rows to link: one probe of the (small) partial index per shared chain. Writer chains
   * never have any (their rows are linked at insert; V11's CHECK holds them to it).
   */
  static final String DIRTY_CHAINS = """
      SELECT c::int2 AS chain FROM generate_series(0, %d) AS c
       WHERE EXISTS (SELECT 1 FROM audit_events WHERE chain = c::int2 AND chain_seq IS NULL)""".formatted(
      AuditLog.SHARED_CHAINS - 1);
  /** Locks in chain order, so linkers that wait never deadlock each other. */
  static final String LOCK_HEADS = "SELECT chain, seq, hash FROM audit_chain_heads WHERE chain = ANY($1) ORDER BY chain FOR UPDATE";
  /** The heads no other linker holds now: a background linker leaves a busy chain to the one linking it. */
  static final String LOCK_FREE_HEADS = LOCK_HEADS + " SKIP LOCKED";
  /** The order a chain's rows are linked in: deterministic, and what the partial index serves. */
  static final String UNLINKED = """
      SELECT %s FROM audit_events WHERE chain = ANY($1) AND chain_seq IS NULL
       ORDER BY chain, at, id LIMIT $2""".formatted(COLUMNS);
  /**
   * Links the rows and moves their heads in one statement; the counts let the linker check both. "Still
   * unlinked" is asked as {@code prev_hash IS NULL} (the same thing: CHECK audit_events_link_complete), not
   * {@code chain_seq IS NULL}, so the planner finds the rows by primary key: with the latter it hash-joined
   * over a bitmap scan of audit_events_unlinked_idx, which keeps an entry for every row linked since the
   * last vacuum (a linked row is a new tuple version) and read them all: 15 ms a call after 25,000 bookings,
   * growing with the table.
   */
  static final String LINK = """
      WITH linked AS (
        UPDATE audit_events e SET chain_seq = l.seq, prev_hash = l.prev_hash, hash = l.hash
          FROM unnest($1::uuid[], $2::int8[], $3::bytea[], $4::bytea[]) AS l(id, seq, prev_hash, hash)
         WHERE e.id = l.id AND e.prev_hash IS NULL
        RETURNING 1),
      moved AS (
        UPDATE audit_chain_heads h SET seq = m.seq, hash = m.hash
          FROM unnest($5::int2[], $6::int8[], $7::bytea[]) AS m(chain, seq, hash)
         WHERE h.chain = m.chain
        RETURNING 1)
      SELECT (SELECT count(*) FROM linked) AS linked, (SELECT count(*) FROM moved) AS moved""";
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

  /** Inserts unlinked rows in one round trip (autocommit: durable when it completes). */
  Future<Void> append(List<ChainedEvent> rows) {
    return pool.preparedQuery(APPEND).execute(Tuple.from(columns(rows))).mapEmpty();
  }

  /**
   * Inserts linked rows of one writer chain and moves its head from {@code from} to {@code to}, in one
   * statement on {@code conn} (autocommit); fails, having written nothing, unless the head was at {@code from}.
   */
  static Future<Void> appendLinked(SqlClient conn, List<ChainedEvent> rows, Head from, Head to) {
    List<Object> params = columns(rows);
    params.add(rows.stream().map(ChainedEvent::seq).toArray(Long[]::new));
    params.add(rows.stream().map(r -> Buffer.buffer(r.prevHash())).toArray(Buffer[]::new));
    params.add(rows.stream().map(r -> Buffer.buffer(r.hash())).toArray(Buffer[]::new));
    params.add(to.chain());
    params.add(from.seq());
    params.add(to.seq());
    params.add(Buffer.buffer(to.hash()));
    return conn.preparedQuery(APPEND_LINKED).execute(Tuple.from(params)).compose(result -> result.rowCount() == rows.size()
        ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("writer chain " + to.chain() + " is not at seq " + from.seq()
            + ": its lease was lost")));
  }

  /** Takes the lease on writer chain {@code chain} for {@code conn}'s session, if no other session holds it. */
  static Future<Boolean> tryLease(SqlClient conn, short chain) {
    return conn.preparedQuery(TRY_LEASE).execute(Tuple.of(LEASE_KEY, (int) chain))
        .map(rows -> rows.iterator().next().getBoolean("leased"));
  }

  static Future<Head> head(SqlClient conn, short chain) {
    return conn.preparedQuery(HEAD).execute(Tuple.of(chain)).map(rows -> toHead(rows.iterator().next()));
  }

  /** One array per column of {@link AuditLog#EVENT_COLUMNS}, in that order. */
  private static List<Object> columns(List<ChainedEvent> rows) {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    UUID[] actors = new UUID[n];
    String[] roles = new String[n];
    String[] actions = new String[n];
    String[] types = new String[n];
    String[] resources = new String[n];
    UUID[] patients = new UUID[n];
    String[] outcomes = new String[n];
    String[] ips = new String[n];
    String[] agents = new String[n];
    String[] requests = new String[n];
    Short[] chains = new Short[n];
    for (int i = 0; i < n; i++) {
      ChainedEvent row = rows.get(i);
      AuditEvent e = row.event();
      ids[i] = row.id();
      ats[i] = OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC);
      actors[i] = e.actorId();
      roles[i] = e.actorRole();
      actions[i] = e.action();
      types[i] = e.resourceType();
      resources[i] = e.resourceId();
      patients[i] = e.patientId();
      outcomes[i] = e.outcome();
      ips[i] = e.ip();
      agents[i] = e.userAgent();
      requests[i] = e.requestId();
      chains[i] = row.chain();
    }
    return new ArrayList<>(List.<Object>of(ids, ats, actors, roles, actions, types, resources, patients, outcomes, ips,
        agents, requests, chains));
  }

  /** The chains that have unlinked rows now. */
  Future<List<Short>> dirtyChains() {
    return pool.preparedQuery(DIRTY_CHAINS).execute().map(rows -> map(rows, row -> row.getShort("chain")));
  }

  /**
   * The heads of {@code chains}, locked until {@code conn}'s transaction ends; with {@code wait} false, only
   * those no other transaction holds.
   */
  static Future<List<Head>> lockHeads(SqlClient conn, List<Short> chains, boolean wait) {
    return conn.preparedQuery(wait ? LOCK_HEADS : LOCK_FREE_HEADS).execute(Tuple.of(chains.toArray(Short[]::new)))
        .map(rows -> map(rows, AuditRepository::toHead));
  }

  /** Up to {@code limit} unlinked rows of {@code chains}, by chain, in linking order. */
  static Future<List<ChainedEvent>> unlinked(SqlClient conn, List<Short> chains, int limit) {
    return conn.preparedQuery(UNLINKED).execute(Tuple.of(chains.toArray(Short[]::new), limit))
        .map(rows -> map(rows, AuditRepository::toEvent));
  }

  /** Writes the links of {@code rows} and the new {@code heads}; fails unless every row and head was written. */
  static Future<Void> link(SqlClient conn, List<ChainedEvent> rows, List<Head> heads) {
    Tuple params = Tuple.from(List.<Object>of(
        rows.stream().map(ChainedEvent::id).toArray(UUID[]::new),
        rows.stream().map(ChainedEvent::seq).toArray(Long[]::new),
        rows.stream().map(r -> Buffer.buffer(r.prevHash())).toArray(Buffer[]::new),
        rows.stream().map(r -> Buffer.buffer(r.hash())).toArray(Buffer[]::new),
        heads.stream().map(Head::chain).toArray(Short[]::new),
        heads.stream().map(Head::seq).toArray(Long[]::new),
        heads.stream().map(h -> Buffer.buffer(h.hash())).toArray(Buffer[]::new)));
    return conn.preparedQuery(LINK).execute(params).compose(result -> {
      Row counts = result.iterator().next();
      if (counts.getLong("linked") != rows.size() || counts.getLong("moved") != heads.size()) {
        // Only a linker holding the head links a chain's rows; anything else is a bug: roll back, keep the rows.
        return Future.failedFuture(new IllegalStateException("linked " + counts.getLong("linked") + " of " + rows.size()
            + " rows and " + counts.getLong("moved") + " of " + heads.size() + " heads"));
      }
      return Future.succeededFuture();
    });
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
        bytes(r.getBuffer("prev_hash")), bytes(r.getBuffer("hash")));
  }

  private static byte[] bytes(Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }

  private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }
}
