package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
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
 * A write appends its success audit event (prepared by the route) as the last statement of its own
 * transaction: a refused event rolls the write back (see {@link AuditLog}).
 */
final class FilesServiceImpl implements FilesService {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such file.");

  private final Pool pool;
  private final FilesRepository repo = new FilesRepository();
  private final ProviderPhotos photos;

  FilesServiceImpl(Pool pool) {
    this.pool = pool;
    this.photos = new ProviderPhotos(pool);
  }

  @Override
  public Future<JsonObject> createProviderPhoto(NewProviderPhoto photo) {
    return photos.create(photo);
  }

  @Override
  public Future<StoredFile> providerPhoto(PhotoRef ref) {
    return photos.current(ref);
  }

  @Override
  public Future<FileView> create(NewFile in) {
    return pool.withTransaction(sql -> repo.insert(sql, scope(in.caller()), in.upload()).compose(FilesServiceImpl::found)
        .map(FilesRepository::view)
        .compose(view -> append(sql, in.audit(), view.id().toString(), view.patientId()).map(view)));
  }

  @Override
  public Future<StoredFile> get(FileRef in) {
    return repo.byId(pool, scope(in.caller()), in.id()).compose(FilesServiceImpl::found)
        .map(row -> new StoredFile(FilesRepository.view(row), row.getString("storage_key")));
  }

  @Override
  public Future<UUID> delete(FileDeletion in) {
    return pool.withTransaction(sql -> repo.softDelete(sql, scope(in.caller()), in.id()).compose(FilesServiceImpl::found)
        .map(row -> row.getUUID("patient_id"))
        .compose(patient -> append(sql, in.audit(), in.id().toString(), patient).map(patient)));
  }

  @Override
  public Future<Page> list(Query q) {
    Cursor after = q.after();
    return repo.patientVisible(pool, scope(q.caller()), q.patientId())
        .compose(visible -> visible ? repo.list(pool, q.patientId(), after == null ? null : after.atUtc(),
            after == null ? null : after.id(), q.limit() + 1) : Future.failedFuture(NOT_FOUND))
        .map(rows -> Paging.slice(rows, q.limit(), FilesRepository::view))
        .map(page -> new Page(page.items(), page.nextCursor()));
  }

  /** Null for a caller outside any request (nothing to record); always the last statement before the commit. */
  private static Future<Void> append(SqlClient sql, AuditEvent audit, String resourceId, UUID patient) {
    return audit == null ? Future.succeededFuture() : AuditLog.appendInTransaction(sql, audit.withResource(resourceId, patient)).mapEmpty();
  }

  private static Future<Row> found(Row row) {
    return row == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(row);
  }

  private static FilesRepository.Scope scope(CurrentUser caller) {
    return new FilesRepository.Scope(caller.id(), caller.role() == Role.SUPERADMIN, caller.locationIds().toArray(UUID[]::new));
  }
}
