package org.clinicapi.dev;

import io.vertx.core.json.JsonArray;
import org.clinicapi.auth.api.Role;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.profiles.api.ProfileEncryption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Dev mode only, after {@link DemoAccounts}: gives the demo patient a profile (demographics, emergency contact,
 * insurance and a short medical history, the sensitive parts encrypted with the dev data key) when they have
 * none; a profile edited through the API is kept. Separate from {@link DemoData} so that databases whose demo
 * data predate profiles get one too.
 */
public final class DemoProfile {
  private static final String INSERT = """
      INSERT INTO patient_profiles (patient_id, version, key_id, date_of_birth, sex, preferred_language, address_line1,
        address_city, address_region, address_postal_code, address_country, emergency_name, emergency_phone, emergency_relation,
        insurance_payer, insurance_member_id, allergies, medications, conditions)
      VALUES (?, 1, ?, ?, 'female', 'en', '100 Demo Street', 'Detroit', 'MI', '48226', 'US', 'Sam Demo', '+13135550199', 'spouse',
        'Demo Health Mutual', ?, ?, ?, ?)
      ON CONFLICT (patient_id) DO NOTHING
      """;

  private DemoProfile() {
  }

  /** True when it created the profile now; false when there was one (or no demo patient). */
  public static boolean ensure(Connection c, DataCipher cipher) throws SQLException {
    UUID patient = patientId(c);
    if (patient == null) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setObject(1, patient);
      s.setString(2, cipher.currentKeyId());
      s.setObject(3, LocalDate.of(1985, 6, 14));
      s.setBytes(4, cipher.encrypt("DHM-000123", ProfileEncryption.associatedData(patient, ProfileEncryption.INSURANCE_MEMBER_ID)));
      s.setBytes(5, sealed(cipher, patient, ProfileEncryption.ALLERGIES, List.of("penicillin")));
      s.setBytes(6, sealed(cipher, patient, ProfileEncryption.MEDICATIONS, List.of("lisinopril 10 mg")));
      s.setBytes(7, sealed(cipher, patient, ProfileEncryption.CONDITIONS, List.of("hypertension")));
      return s.executeUpdate() == 1;
    }
  }

  private static byte[] sealed(DataCipher cipher, UUID patient, String column, List<String> items) {
    return cipher.encrypt(new JsonArray(items).encode(), ProfileEncryption.associatedData(patient, column));
  }

  private static UUID patientId(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE email = ?")) {
      s.setString(1, DemoAccounts.email(Role.PATIENT));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getObject(1, UUID.class) : null;
      }
    }
  }
}
