package org.clinicapi.profiles;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SQL of patient profiles. Visibility is part of the read: the user is a patient and the caller is that
 * patient ($2), sees every location ($3, superadmin), or the patient has or had an appointment (holds
 * excluded) at one of the caller's locations ($4) — the same reach as files and GET /users. Writes name the
 * version they read: the INSERT of a first profile does nothing when one exists, the UPDATE matches only that
 * version; either way no row back means someone else wrote first (412), decided by the database.
 */
final class ProfilesRepository {
  private static final String VISIBLE = """
      u.role = 'patient' AND (u.id = $2 OR $3
        OR EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = u.id AND a.location_id = ANY($4) AND a.status <> 'held'))
      """;
  private static final String READ = """
      SELECT u.id AS patient_id, p.version, p.key_id, p.date_of_birth, p.sex, p.preferred_language, p.address_line1,
             p.address_line2, p.address_city, p.address_region, p.address_postal_code, p.address_country, p.emergency_name,
             p.emergency_phone, p.emergency_relation, p.insurance_payer, p.insurance_member_id, p.allergies, p.medications,
             p.conditions
        FROM users u LEFT JOIN patient_profiles p ON p.patient_id = u.id
       WHERE u.id = $1""" + " AND " + VISIBLE;
  private static final String PATIENT_VISIBLE = "SELECT 1 FROM users u WHERE u.id = $1 AND " + VISIBLE;
  private static final String COLUMNS = """
      key_id, date_of_birth, sex, preferred_language, address_line1, address_line2, address_city, address_region,
      address_postal_code, address_country, emergency_name, emergency_phone, emergency_relation, insurance_payer,
      insurance_member_id, allergies, medications, conditions, updated_by""";
  private static final String INSERT = "INSERT INTO patient_profiles (patient_id, version, " + COLUMNS + """
      )
      VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
      ON CONFLICT (patient_id) DO NOTHING
      RETURNING version""";
  private static final String UPDATE = """
      UPDATE patient_profiles
         SET version = version + 1, key_id = $3, date_of_birth = $4, sex = $5, preferred_language = $6, address_line1 = $7,
             address_line2 = $8, address_city = $9, address_region = $10, address_postal_code = $11, address_country = $12,
             emergency_name = $13, emergency_phone = $14, emergency_relation = $15, insurance_payer = $16,
             insurance_member_id = $17, allergies = $18, medications = $19, conditions = $20, updated_by = $21,
             updated_at = now()
       WHERE patient_id = $1 AND version = $2
      RETURNING version""";

  /** Who is asking: the first parameters of every visibility check. */
  record Scope(UUID caller, boolean all, UUID[] locations) {
  }

  /** A profile row as stored: plaintext columns and the ciphertexts with their key id. */
  record Sealed(String keyId, byte[] allergies, byte[] medications, byte[] conditions, byte[] memberId) {
  }

  /** The patient's row (profile columns null before the first write), or null when not visible. */
  Future<Row> read(SqlClient sql, Scope scope, UUID patientId) {
    return sql.preparedQuery(READ).execute(scoped(patientId, scope)).map(ProfilesRepository::first);
  }

  Future<Boolean> visible(SqlClient sql, Scope scope, UUID patientId) {
    return sql.preparedQuery(PATIENT_VISIBLE).execute(scoped(patientId, scope)).map(rows -> rows.size() > 0);
  }

  /** The new version, or null when the profile is no longer at {@code expected} (0: none yet). */
  Future<Integer> write(SqlClient sql, UUID patientId, int expected, Profile p, Sealed sealed, UUID by) {
    List<Object> params = new ArrayList<>();
    params.add(patientId);
    if (expected > 0) {
      params.add(expected);
    }
    params.addAll(values(p, sealed, by));
    return sql.preparedQuery(expected == 0 ? INSERT : UPDATE).execute(Tuple.from(params))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("version"));
  }

  private static List<Object> values(Profile p, Sealed s, UUID by) {
    Profile.Address a = p.address();
    Profile.EmergencyContact c = p.emergencyContact();
    Profile.Insurance i = p.insurance();
    return Arrays.asList(s.keyId(), p.dateOfBirth(), p.sex(), p.preferredLanguage(),
        a == null ? null : a.line1(), a == null ? null : a.line2(), a == null ? null : a.city(), a == null ? null : a.region(),
        a == null ? null : a.postalCode(), a == null ? null : a.country(),
        c == null ? null : c.name(), c == null ? null : c.phone(), c == null ? null : c.relation(),
        i == null ? null : i.payer(), buffer(s.memberId()), buffer(s.allergies()), buffer(s.medications()),
        buffer(s.conditions()), by);
  }

  private static Buffer buffer(byte[] bytes) {
    return bytes == null ? null : Buffer.buffer(bytes);
  }

  private static Tuple scoped(UUID id, Scope scope) {
    return Tuple.of(id, scope.caller(), scope.all()).addArrayOfUUID(scope.locations());
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}
