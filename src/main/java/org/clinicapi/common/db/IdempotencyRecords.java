package org.clinicapi.common.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.IdempotentRequest;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.redis.IdempotencyStore;

import java.time.Duration;

/**
 * The durable half of Idempotency-Key (Redis is the fast half): a write claims its key as the FIRST statement
 * of its transaction and stores its answer in it, so the answer commits with the effect. A retry whose
 * Redis claim was released (its reply was lost, answered 5xx) then finds the committed answer here
 * instead of writing again. A concurrent duplicate's INSERT waits on the first one's uncommitted row
 * (the primary key) and sees it once that commits, or claims the key itself if it rolled back.
 */
public final class IdempotencyRecords {
  static final String CLAIM = """
      INSERT INTO idempotency_records (scope, key_hash, fingerprint) VALUES ($1, $2, $3)
      ON CONFLICT (scope, key_hash) DO NOTHING""";
  static final String FIND = "SELECT fingerprint, status, body FROM idempotency_records WHERE scope = $1 AND key_hash = $2";
  static final String COMPLETE = "UPDATE idempotency_records SET status = $3, body = $4 WHERE scope = $1 AND key_hash = $2";
  /** One batch of expired rows; SKIP LOCKED lets several processes purge at once without waiting on each other. */
  static final String PURGE = """
      DELETE FROM idempotency_records WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM idempotency_records WHERE created_at < now() - make_interval(secs => $1)
        LIMIT $2 FOR UPDATE SKIP LOCKED))""";
  /** As long as Redis keeps a replayable answer: a key is honoured for the same 24 hours on both paths. */
  public static final Duration RETAIN = Duration.ofMillis(IdempotencyStore.RETAIN_MS);
  private static final int PURGE_BATCH = 1_000;

  private IdempotencyRecords() {
  }

  /**
   * Null when this transaction now holds the key (go on and write), else the stored answer's body.
   * Fails 409 IDEMPOTENCY_KEY_REUSED when the key was used for a different request.
   */
  public static Future<JsonObject> claim(SqlClient sql, IdempotentRequest r) {
    return sql.preparedQuery(CLAIM).execute(Tuple.of(r.scope(), r.keyHash(), r.fingerprint())).compose(inserted ->
        inserted.rowCount() == 1 ? Future.<JsonObject>succeededFuture() : sql.preparedQuery(FIND)
            .execute(Tuple.of(r.scope(), r.keyHash())).compose(rows -> stored(rows.iterator().next(), r)));
  }

  /** Stores the answer of the write that claimed the key, in its transaction. */
  public static Future<Void> complete(SqlClient sql, IdempotentRequest r, int status, JsonObject body) {
    return sql.preparedQuery(COMPLETE).execute(Tuple.of(r.scope(), r.keyHash(), status, body)).mapEmpty();
  }

  /** Deletes the rows older than {@code retain}, a batch at a time (short statements); completes with how many. */
  public static Future<Integer> purge(SqlClient sql, Duration retain) {
    return sql.preparedQuery(PURGE).execute(Tuple.of((double) retain.toSeconds(), PURGE_BATCH)).compose(rows ->
        rows.rowCount() < PURGE_BATCH ? Future.succeededFuture(rows.rowCount())
            : purge(sql, retain).map(more -> more + rows.rowCount()));
  }

  private static Future<JsonObject> stored(Row row, IdempotentRequest r) {
    if (!r.fingerprint().equals(row.getString("fingerprint"))) {
      return Future.failedFuture(new ServiceException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used for a different request."));
    }
    // Claimed and completed in one transaction, so a committed row always has its answer; kept defensive.
    JsonObject body = row.getJsonObject("body");
    return body != null ? Future.succeededFuture(body)
        : Future.failedFuture(new ServiceException(ErrorCode.CONFLICT, "A request with this Idempotency-Key is in progress. Retry shortly."));
  }
}
