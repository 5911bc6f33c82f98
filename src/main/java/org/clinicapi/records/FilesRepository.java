package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * SQL of file metadata. Visibility is part of every statement, so a file or patient the caller may not
 * see behaves exactly like one that does not exist: the caller is the patient ($caller), or the patient
 * has an appointment (holds excluded) at one of the caller's locations ($locs), or the caller sees every
 * location ($all, superadmin). This is the same reach staff have in GET /users.
 */
final class FilesRepository {
  private static final String VISIBLE = """
      (p.role = 'patient' AND (p.id = $2 OR $3
        OR EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = p.id AND a.location_id = ANY($4) AND a.status <> 'held')))
      """;
  private static final String COLUMNS = """
      f.id, f.patient_id, f.category, f.filename, f.content_type, f.size, f.sha256, f.storage_key, f.created_at
      """;
  /** Inserts only when the patient is visible ($1 id, $2 caller, $3 all, $4 locs, then the columns). */
  private static final String INSERT = "INSERT INTO files (id, patient_id, category, filename, content_type, size, sha256, storage_key, uploaded_by)"
      + " SELECT $1, p.id, $6, $7, $8, $9, $10, $11, $2 FROM users p WHERE p.id = $5 AND " + VISIBLE
      + " RETURNING id, patient_id, category, filename, content_type, size, sha256, storage_key, created_at";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM files f JOIN users p ON p.id = f.patient_id"
      + " WHERE f.id = $1 AND f.deleted_at IS NULL AND " + VISIBLE;
  private static final String PATIENT_VISIBLE = "SELECT 1 FROM users p WHERE p.id = $1 AND " + VISIBLE;
  private static final String LIST = "SELECT " + COLUMNS + """
       FROM files f
      WHERE f.patient_id = $1 AND f.deleted_at IS NULL
        AND ($2::timestamptz IS NULL OR (f.created_at, f.id) < ($2, $3))
      ORDER BY f.created_at DESC, f.id DESC
      LIMIT $4
      """;
  private static final String SOFT_DELETE = "UPDATE files f SET deleted_at = now(), deleted_by = $2 FROM users p"
      + " WHERE f.id = $1 AND f.deleted_at IS NULL AND p.id = f.patient_id AND " + VISIBLE + " RETURNING f.id, f.patient_id";

  /** Who is asking, as the first parameters of every visibility check. */
  record Scope(UUID caller, boolean all, UUID[] locations) {
  }

  Future<Row> insert(SqlClient sql, Scope scope, Upload file) {
    Tuple params = Tuple.of(file.id(), scope.caller(), scope.all()).addArrayOfUUID(scope.locations())
        .addUUID(file.patientId()).addString(file.category()).addString(file.filename()).addString(file.contentType())
        .addLong(file.size()).addString(file.sha256()).addString(file.storageKey());
    return sql.preparedQuery(INSERT).execute(params).map(FilesRepository::first);
  }

  Future<Row> byId(SqlClient sql, Scope scope, UUID id) {
    return sql.preparedQuery(BY_ID).execute(scoped(id, scope)).map(FilesRepository::first);
  }

  Future<Boolean> patientVisible(SqlClient sql, Scope scope, UUID patientId) {
    return sql.preparedQuery(PATIENT_VISIBLE).execute(scoped(patientId, scope)).map(rows -> rows.size() > 0);
  }

  Future<RowSet<Row>> list(SqlClient sql, UUID patientId, OffsetDateTime afterCreated, UUID afterId, int limit) {
    return sql.preparedQuery(LIST).execute(Tuple.from(Arrays.asList(patientId, afterCreated, afterId, limit)));
  }

  Future<Row> softDelete(SqlClient sql, Scope scope, UUID id) {
    return sql.preparedQuery(SOFT_DELETE).execute(scoped(id, scope)).map(FilesRepository::first);
  }

  private static Tuple scoped(UUID id, Scope scope) {
    return Tuple.of(id, scope.caller(), scope.all()).addArrayOfUUID(scope.locations());
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  static FileView view(Row row) {
    return new FileView(row.getUUID("id"), row.getUUID("patient_id"), row.getString("category"), row.getString("filename"),
        row.getString("content_type"), row.getLong("size"), row.getString("sha256"), row.getOffsetDateTime("created_at").toInstant());
  }
}
