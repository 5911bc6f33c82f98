package org.clinicapi.dev;

import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.profiles.api.ProfileEncryption;
import org.clinicapi.support.FreshDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("dev demo data: the demo patient gets a profile once, its sensitive fields encrypted with the data key")
class DemoProfileTest {

  @Test
  @DisplayName("created on the first start with ciphertext that opens with the key; a restart keeps it")
  void createsOnceEncrypted() throws Exception {
    DataCipher cipher = DataCipher.from(AppConfig.from(ConfigLoader.defaults()
        .put("DATA_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]))).encryption());
    try (FreshDatabase db = FreshDatabase.create(); Connection c = db.connect()) {
      DemoAccounts.ensure(c);
      assertThat(DemoProfile.ensure(c, cipher)).isTrue();
      assertThat(DemoProfile.ensure(c, cipher)).as("restart").isFalse();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
          SELECT p.patient_id, p.key_id, p.conditions, p.version FROM patient_profiles p JOIN users u ON u.id = p.patient_id
          WHERE u.email = 'patient@demo.clinic.test'""")) {
        assertThat(rs.next()).isTrue();
        UUID patient = rs.getObject(1, UUID.class);
        assertThat(rs.getString(2)).isEqualTo(cipher.currentKeyId());
        assertThat(cipher.decryptString(rs.getString(2), rs.getBytes(3), ProfileEncryption.associatedData(patient, "conditions")))
            .isEqualTo("[\"hypertension\"]");
        assertThat(rs.getInt(4)).isEqualTo(1);
      }
    }
  }
}
