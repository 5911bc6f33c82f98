package org.clinicapi.profiles;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.profiles.api.ProfileEncryption;
import org.clinicapi.support.Accounts;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.TestEnvironment;
import org.clinicapi.support.TestServer;
import org.clinicapi.support.Visits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.support.Clinic.data;

@ExtendWith(VertxExtension.class)
@DisplayName("Patient profile encryption at rest: no plaintext in the columns, bound to row and column, readable after a key rotation")
class ProfileEncryptionTest {
  private static final String[] SEALED = {"allergies", "medications", "conditions", "insurance_member_id"};

  /** Lenient sign-in limits (as TestServer.lenient): other tests' sign-ins from 127.0.0.1 count in the same window. */
  private static JsonObject settings(JsonObject keys) {
    return new JsonObject().put("LOGIN_MAX_FAILURES", 1000).put("RATE_LIMIT_PER_MINUTE", 100_000)
        .put("RATE_LIMIT_PER_USER_PER_MINUTE", 100_000).mergeIn(keys);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Map<String, byte[]> rawColumns(UUID patient) throws SQLException {
    try (Connection c = TestEnvironment.jdbc(TestEnvironment.databaseUrl());
         PreparedStatement s = c.prepareStatement("SELECT key_id, allergies, medications, conditions, insurance_member_id,"
             + " insurance_payer FROM patient_profiles WHERE patient_id = ?")) {
      s.setObject(1, patient);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Map<String, byte[]> columns = new HashMap<>();
        columns.put("key_id", rs.getString("key_id").getBytes(StandardCharsets.UTF_8));
        columns.put("insurance_payer", rs.getString("insurance_payer").getBytes(StandardCharsets.UTF_8));
        for (String column : SEALED) {
          columns.put(column, rs.getBytes(column));
        }
        return columns;
      }
    }
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }

  @Test
  @DisplayName("the sealed columns hold AES-GCM ciphertext under the key id; after rotating (old key in PREVIOUS_KEYS) it still reads, and a write moves it to the new key")
  void encryptedAtRestAndRotates(Vertx vertx) throws Exception {
    String oldKey = newKey();
    String newKey = newKey();
    String email = Visits.patient();
    UUID patient = Accounts.idOf(email);
    try (TestServer server = TestServer.start(settings(new JsonObject().put("DATA_ENCRYPTION_KEY", oldKey)
        .put("DATA_ENCRYPTION_KEY_ID", "2025a")))) {
      ProfileCalls calls = new ProfileCalls(new ApiClient(vertx, server));
      String token = Visits.token(new ApiClient(vertx, server), email);
      data(calls.put("/users/me/profile", token, "\"0\"", ProfileCalls.fullBody()), 200);
    }
    Map<String, byte[]> raw = rawColumns(patient);
    assertThat(new String(raw.get("key_id"), StandardCharsets.UTF_8)).isEqualTo("2025a");
    assertThat(new String(raw.get("insurance_payer"), StandardCharsets.UTF_8)).as("the payer is not sealed").isEqualTo("Acme Health");
    for (String column : SEALED) {
      assertThat(contains(raw.get(column), "penicillin") || contains(raw.get(column), "lisinopril")
          || contains(raw.get(column), "hypertension") || contains(raw.get(column), "XJ-4471")).as(column).isFalse();
    }
    assertThat(raw.get("allergies")).hasSize(DataCipher.NONCE_BYTES + "[\"penicillin\"]".length() + 16);

    // The stored bytes are what the configured key makes: they open with it, and only under their own row and column.
    DataCipher old = DataCipher.from(AppConfig.from(ConfigLoader.defaults().put("DATA_ENCRYPTION_KEY", oldKey)
        .put("DATA_ENCRYPTION_KEY_ID", "2025a")).encryption());
    assertThat(old.decryptString("2025a", raw.get("allergies"), ProfileEncryption.associatedData(patient, "allergies")))
        .isEqualTo("[\"penicillin\"]");
    assertThat(tryDecrypt(old, raw.get("allergies"), ProfileEncryption.associatedData(patient, "conditions"))).isFalse();
    assertThat(tryDecrypt(old, raw.get("allergies"), ProfileEncryption.associatedData(UUID.randomUUID(), "allergies"))).isFalse();

    JsonObject rotated = new JsonObject().put("DATA_ENCRYPTION_KEY", newKey).put("DATA_ENCRYPTION_KEY_ID", "2025b")
        .put("DATA_ENCRYPTION_PREVIOUS_KEYS", "2025a:" + oldKey);
    try (TestServer server = TestServer.start(settings(rotated))) {
      ApiClient api = new ApiClient(vertx, server);
      ProfileCalls calls = new ProfileCalls(api);
      String token = Visits.token(api, email);
      HttpResponse<Buffer> read = calls.get("/users/me/profile", token);
      JsonObject profile = data(read, 200);
      assertThat(profile.getJsonArray("allergies").getString(0)).isEqualTo("penicillin");
      assertThat(profile.getJsonObject("insurance").getString("memberId")).isEqualTo("XJ-4471-ZZ");
      data(calls.put("/users/me/profile", token, read.getHeader("ETag"), ProfileCalls.fullBody()), 200);
    }
    assertThat(new String(rawColumns(patient).get("key_id"), StandardCharsets.UTF_8)).as("re-encrypted on write").isEqualTo("2025b");
  }

  private static boolean tryDecrypt(DataCipher cipher, byte[] sealed, String associatedData) {
    try {
      cipher.decrypt("2025a", sealed, associatedData);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
