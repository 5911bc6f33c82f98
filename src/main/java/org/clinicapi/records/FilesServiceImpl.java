package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.util.UUID;

/**
 * File metadata on {@code records.service}. Every request carries the caller; a file or patient outside
 * the caller's reach fails with NOT_FOUND, the same as one that does not exist (the routes audit it).
 * Replies with {"file": ..., "storageKey": ...} where the HTTP side needs the bytes' location.
 */
final class FilesServiceImpl {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such file.");

  private final Pool pool;
  private final FilesRepository repo = new FilesRepository();

  FilesServiceImpl(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> create(JsonObject in) {
    return repo.insert(pool, scope(in), in.getJsonObject("file")).compose(FilesServiceImpl::found)
        .map(row -> new JsonObject().put("file", FilesRepository.toJson(row)));
  }

  /** Removes a just-created row whose upload could not be audited (the request then fails). */
  Future<JsonObject> discard(JsonObject in) {
    return repo.discard(pool, UUID.fromString(in.getString("id"))).map(v -> new JsonObject());
  }

  Future<JsonObject> get(JsonObject in) {
    return repo.byId(pool, scope(in), UUID.fromString(in.getString("id"))).compose(FilesServiceImpl::found)
        .map(row -> new JsonObject().put("file", FilesRepository.toJson(row)).put("storageKey", row.getString("storage_key")));
  }

  Future<JsonObject> delete(JsonObject in) {
    return repo.softDelete(pool, scope(in), UUID.fromString(in.getString("id"))).compose(FilesServiceImpl::found)
        .map(row -> new JsonObject().put("patientId", row.getUUID("patient_id").toString()));
  }

  /** A keyset page of one visible patient's live files, newest first. */
  Future<JsonObject> list(JsonObject in) {
    UUID patient = UUID.fromString(in.getString("patientId"));
    Cursor after = Paging.decode(in.getString("cursor"));
    int limit = in.getInteger("limit");
    return repo.patientVisible(pool, scope(in), patient)
        .compose(visible -> visible ? repo.list(pool, patient, after == null ? null : after.atUtc(), after == null ? null : after.id(), limit + 1)
            : Future.failedFuture(NOT_FOUND))
        .map(rows -> page(rows, limit));
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(FilesRepository.toJson(row));
      last = row;
    }
    String next = rows.size() > limit && last != null ? Paging.encode(last.getOffsetDateTime("created_at"), last.getUUID("id")) : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  private static Future<Row> found(Row row) {
    return row == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(row);
  }

  private static FilesRepository.Scope scope(JsonObject in) {
    CurrentUser caller = CurrentUser.fromJson(in.getJsonObject("caller"));
    return new FilesRepository.Scope(caller.id(), caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new));
  }
}
