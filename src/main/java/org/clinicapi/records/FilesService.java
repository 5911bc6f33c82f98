package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;
import org.clinicapi.common.Cursor;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code records.service} (file metadata), used only by this feature's routes; the
 * bytes stay with the HTTP side. Every request carries the caller: a file or patient outside the caller's
 * reach fails with NOT_FOUND, the same as one that does not exist (the routes audit it).
 */
interface FilesService {

  /**
   * Records an upload whose bytes are stored, with its success audit event in the same transaction (no row
   * without its event); 404 when the patient is not visible to the caller.
   */
  Future<FileView> create(NewFile file);

  /** The file and where its bytes are. */
  Future<StoredFile> get(FileRef file);

  /** A keyset page of one visible patient's live files, newest first. */
  Future<Page> list(Query query);

  /**
   * Soft delete: the row stays (audit, legal hold), with its success audit event in the same transaction.
   * Answers the patient whose file it was.
   */
  Future<UUID> delete(FileDeletion file);

  /** Records an uploaded provider photo with its success event (409 INVALID_STATE without a profile); answers its metadata. */
  Future<JsonObject> createProviderPhoto(NewProviderPhoto photo);

  /** The provider's current photo (404 without one, and to patients for an unverified provider). */
  Future<StoredFile> providerPhoto(PhotoRef ref);

  Operation<FilesService, NewFile, FileView> CREATE = op("create", FilesService::create);
  Operation<FilesService, FileRef, StoredFile> GET = op("get", FilesService::get);
  Operation<FilesService, Query, Page> LIST = op("list", FilesService::list);
  Operation<FilesService, FileDeletion, UUID> DELETE = op("delete", FilesService::delete);

  Operation<FilesService, NewProviderPhoto, JsonObject> CREATE_PROVIDER_PHOTO = op("createProviderPhoto",
      FilesService::createProviderPhoto);
  Operation<FilesService, PhotoRef, StoredFile> PROVIDER_PHOTO = op("providerPhoto", FilesService::providerPhoto);

  List<Operation<FilesService, ?, ?>> OPERATIONS = List.of(CREATE, GET, LIST, DELETE, CREATE_PROVIDER_PHOTO, PROVIDER_PHOTO);

  private static <I, O> Operation<FilesService, I, O> op(String name, Operation.Invoker<FilesService, I, O> invoker) {
    return Operation.of(Addresses.RECORDS_SERVICE, name, invoker);
  }

  /** {@code audit}: the success event, appended last in the insert's transaction (null: nothing recorded). */
  record NewFile(CurrentUser caller, Upload upload, AuditEvent audit) {
  }

  record FileRef(CurrentUser caller, UUID id) {
  }

  /** An image already stored and typed, for {@code providerId}, uploaded by {@code uploadedBy}. */
  record NewProviderPhoto(UUID providerId, Upload upload, UUID uploadedBy, AuditEvent audit) {
  }

  /** {@code staff}: the caller sees unverified providers too. */
  record PhotoRef(UUID providerId, boolean staff) {
  }

  /** {@code audit}: the success event; the service fills in the file's patient (null: nothing recorded). */
  record FileDeletion(CurrentUser caller, UUID id, AuditEvent audit) {
  }

  /** {@code after} null for the first page. */
  record Query(CurrentUser caller, UUID patientId, Cursor after, int limit) {
  }

  record Page(List<FileView> items, String nextCursor) {

    JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(file -> json.add(file.toJson()));
      return json;
    }
  }

  /** The storage key never leaves the server: it is for {@link FileDownload} only. */
  record StoredFile(FileView file, String storageKey) {
  }
}
