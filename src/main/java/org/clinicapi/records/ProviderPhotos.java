package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.records.FilesService.NewProviderPhoto;
import org.clinicapi.records.FilesService.PhotoRef;
import org.clinicapi.records.FilesService.StoredFile;

/**
 * Provider photos in the files table (V21): owned by a provider, not a patient, so the patient-scoped file
 * statements never see them. Which photo is the provider's is the provider's {@code photo_file_id}, set with
 * their credentials (scheduling); a photo is public to staff and, once the provider is verified, to patients.
 */
final class ProviderPhotos {
  static final String CATEGORY = "provider_photo";
  /** Only when the provider has a profile ($2); no row otherwise. */
  private static final String INSERT = """
      INSERT INTO files (id, provider_id, category, filename, content_type, size, sha256, storage_key, uploaded_by)
      SELECT $1, p.user_id, 'provider_photo', $3, $4, $5, $6, $7, $8 FROM providers p WHERE p.user_id = $2
      RETURNING id, provider_id, content_type, size, sha256, created_at
      """;
  /** The provider's current photo; $2 false (patients): only a verified provider's. */
  private static final String CURRENT = """
      SELECT f.id, f.provider_id, f.category, f.filename, f.content_type, f.size, f.sha256, f.storage_key, f.created_at
        FROM providers p JOIN files f ON f.id = p.photo_file_id
       WHERE p.user_id = $1 AND f.deleted_at IS NULL AND ($2 OR p.verified_at IS NOT NULL)
      """;

  private final Pool pool;

  ProviderPhotos(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> create(NewProviderPhoto in) {
    Upload u = in.upload();
    Tuple params = Tuple.of(u.id(), in.providerId(), u.filename(), u.contentType(), u.size(), u.sha256(), u.storageKey(),
        in.uploadedBy());
    return pool.withTransaction(sql -> sql.preparedQuery(INSERT).execute(params).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "Set up the provider's profile (PUT /providers/{id}) first."));
      }
      JsonObject json = json(rows.iterator().next());
      return in.audit() == null ? Future.succeededFuture(json)
          : AuditLog.appendInTransaction(sql, in.audit().withResource(u.id().toString(), null)).map(json);
    }));
  }

  Future<StoredFile> current(PhotoRef ref) {
    return pool.preparedQuery(CURRENT).execute(Tuple.of(ref.providerId(), ref.staff())).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No photo."))
        : Future.succeededFuture(stored(rows.iterator().next())));
  }

  private static StoredFile stored(Row r) {
    return new StoredFile(new FileView(r.getUUID("id"), null, r.getString("category"), r.getString("filename"), r.getString("content_type"),
        r.getLong("size"), r.getString("sha256"), r.getOffsetDateTime("created_at").toInstant()), r.getString("storage_key"));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("providerId", r.getUUID("provider_id").toString())
        .put("contentType", r.getString("content_type")).put("size", r.getLong("size")).put("sha256", r.getString("sha256"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }
}
