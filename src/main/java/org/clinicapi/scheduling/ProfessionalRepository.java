package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.scheduling.api.Credentials;
import org.clinicapi.scheduling.api.ProviderView;

import java.util.List;
import java.util.UUID;

/**
 * SQL of a provider's professional details and verification. Each write locks the provider's row FOR
 * UPDATE first, which conflicts with the FOR KEY SHARE a booking takes before reading the booking rules
 * (scheduling.api.BookingRules, which also read {@code verified_at}): a revoke either waits for a booking in
 * flight or the booking sees the revoke, never a booking committed against a verification already revoked.
 */
final class ProfessionalRepository {
  /** Appended to the provider columns of {@code ProvidersRepository}. */
  static final String COLUMNS = """
      p.license_number, p.license_region, p.qualifications, p.years_of_experience, p.languages, p.photo_file_id, p.verified_at
      """;
  /**
   * $1 provider, $2..$7 the details. No row: no profile. {@code photo_ok} false (nothing written): the photo is
   * not a live photo of this provider. {@code unverified}: a new licence number or region took a verification away.
   * Recording a licence where none was recorded is not a change: providers verified before licences were recorded
   * (V20) stay verified when they first enter theirs.
   */
  private static final String SAVE = """
      WITH old AS (
        SELECT user_id, verified_at,
               (license_number IS DISTINCT FROM $2::text AND license_number IS NOT NULL
                 OR license_region IS DISTINCT FROM $3::text AND license_region IS NOT NULL) AS relicensed,
               ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM files f WHERE f.id = $7 AND f.provider_id = $1
                  AND f.category = 'provider_photo' AND f.deleted_at IS NULL)) AS photo_ok
          FROM providers WHERE user_id = $1 FOR UPDATE),
      saved AS (
        UPDATE providers p SET license_number = $2, license_region = $3, qualifications = $4, years_of_experience = $5,
               languages = $6, photo_file_id = $7, updated_at = now(),
               verified_at = CASE WHEN old.relicensed THEN NULL ELSE p.verified_at END,
               verified_by = CASE WHEN old.relicensed THEN NULL ELSE p.verified_by END,
               verification_note = CASE WHEN old.relicensed AND p.verified_at IS NOT NULL
                 THEN 'licence changed: verify again' ELSE p.verification_note END
          FROM old WHERE p.user_id = old.user_id AND old.photo_ok
        RETURNING old.verified_at IS NOT NULL AND p.verified_at IS NULL AS unverified)
      SELECT old.photo_ok, coalesce((SELECT unverified FROM saved), false) AS unverified FROM old
      """;
  /** $1 provider, $2 verifier, $3 note. No row: no profile, or the licence number or region is missing. */
  private static final String VERIFY = """
      UPDATE providers SET verified_at = now(), verified_by = $2, verification_note = $3, updated_at = now()
       WHERE user_id = $1 AND license_number IS NOT NULL AND license_region IS NOT NULL
      """;
  /** $1 provider, $2 note. No row: no profile, or not verified. */
  private static final String REVOKE = """
      UPDATE providers SET verified_at = NULL, verified_by = NULL, verification_note = $2, updated_at = now()
       WHERE user_id = $1 AND verified_at IS NOT NULL
      """;

  /** The outcome of a save: null when there is no profile. */
  record Saved(boolean photoOk, boolean unverified) {
  }

  Future<Saved> save(SqlClient sql, UUID id, Credentials c) {
    Tuple params = Tuple.of(id, c.licenseNumber(), c.licenseRegion()).addArrayOfString(c.qualifications().toArray(String[]::new))
        .addInteger(c.yearsOfExperience()).addArrayOfString(c.languages().toArray(String[]::new)).addUUID(c.photoFileId());
    return sql.preparedQuery(SAVE).execute(params).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Saved(row.getBoolean("photo_ok"), row.getBoolean("unverified"));
    });
  }

  /**
   * Whether a row changed (see {@link #VERIFY}). Call after {@code ProvidersRepository.lockForChange}: the UPDATE alone
   * takes FOR NO KEY UPDATE, which does not wait for a booking's FOR KEY SHARE.
   */
  Future<Boolean> verify(SqlClient sql, UUID id, UUID verifier, String note) {
    return sql.preparedQuery(VERIFY).execute(Tuple.of(id, verifier, note)).map(rows -> rows.rowCount() == 1);
  }

  /** Whether a row changed (see {@link #REVOKE}); after {@code ProvidersRepository.lockForChange}, as {@link #verify}. */
  Future<Boolean> revoke(SqlClient sql, UUID id, String note) {
    return sql.preparedQuery(REVOKE).execute(Tuple.of(id, note)).map(rows -> rows.rowCount() == 1);
  }

  /** The details and verification of a row read with {@link #COLUMNS}. */
  static ProviderView.Professional professional(Row row) {
    Credentials credentials = new Credentials(row.getString("license_number"), row.getString("license_region"),
        List.of(row.getArrayOfStrings("qualifications")), row.getInteger("years_of_experience"), List.of(row.getArrayOfStrings("languages")),
        row.getUUID("photo_file_id"));
    return new ProviderView.Professional(credentials, row.getOffsetDateTime("verified_at") == null ? null
        : row.getOffsetDateTime("verified_at").toInstant());
  }
}
