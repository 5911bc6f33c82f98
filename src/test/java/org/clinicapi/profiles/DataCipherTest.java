package org.clinicapi.profiles;

import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigException;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.config.EncryptionConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Data encryption keys and the AES-GCM cipher: key ids, previous keys, fresh nonces, bound associated data")
class DataCipherTest {
  private static final String KEY_A = Base64.getEncoder().encodeToString(filled(1));
  private static final String KEY_B = Base64.getEncoder().encodeToString(filled(2));

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }

  private static EncryptionConfig config(String key, String id, String previous) {
    return AppConfig.from(ConfigLoader.defaults().put("DATA_ENCRYPTION_KEY", key).put("DATA_ENCRYPTION_KEY_ID", id)
        .put("DATA_ENCRYPTION_PREVIOUS_KEYS", previous)).encryption();
  }

  @Test
  @DisplayName("a fresh nonce per value; decrypts only with the same associated data; a rotated cipher opens old values")
  void roundTripAndRotation() {
    DataCipher a = DataCipher.from(config(KEY_A, "", ""));
    assertThat(a.currentKeyId()).isEqualTo(EncryptionConfig.derivedId(filled(1))).matches("k[0-9a-f]{8}");
    byte[] one = a.encrypt("secret", "row/1/field");
    byte[] two = a.encrypt("secret", "row/1/field");
    assertThat(one).isNotEqualTo(two).hasSize(12 + 6 + 16);
    assertThat(a.decryptString(a.currentKeyId(), one, "row/1/field")).isEqualTo("secret");
    assertThatThrownBy(() -> a.decrypt(a.currentKeyId(), one, "row/2/field")).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("secret");
    one[20] ^= 1;
    assertThatThrownBy(() -> a.decrypt(a.currentKeyId(), one, "row/1/field")).isInstanceOf(IllegalStateException.class);

    DataCipher b = DataCipher.from(config(KEY_B, "b", "a:" + KEY_A));
    assertThat(b.keyIds()).containsExactlyInAnyOrder("a", "b");
    DataCipher named = DataCipher.from(config(KEY_A, "a", ""));
    assertThat(b.decryptString("a", named.encrypt("old", "x"), "x")).isEqualTo("old");
    assertThatThrownBy(() -> named.decrypt("b", b.encrypt("new", "x"), "x")).hasMessageContaining("no data encryption key with id b");
  }

  @Test
  @DisplayName("bad keys are named without their value; prod requires a key; dev and an empty key are not configured")
  void configurationChecked() {
    assertThat(AppConfig.from(ConfigLoader.defaults()).encryption().configured()).isFalse();
    assertThatThrownBy(() -> config("c2hvcnQ=", "", "x:c2hvcnQ="))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
            .allSatisfy(p -> assertThat(p).startsWith("DATA_ENCRYPTION_").doesNotContain("c2hvcnQ")));
    assertThatThrownBy(() -> config(KEY_A, "a", "a:" + KEY_B)).isInstanceOf(ConfigException.class);
    assertThat(config(KEY_A, "a", "").toString()).doesNotContain(KEY_A);
  }
}
