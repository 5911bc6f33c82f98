package org.clinicapi.common.crypto;

import org.clinicapi.config.EncryptionConfig;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * AES-256-GCM for values encrypted at rest in a column: {@code nonce (12 bytes) || ciphertext || tag (16 bytes)},
 * a fresh random 96-bit nonce per value, and associated data that binds the value to its place (e.g. the row id and
 * the column), so a ciphertext copied to another row or column fails to decrypt. New values use the current key;
 * values written under a previous key still decrypt, by the key id stored with the row.
 * <p>
 * CPU-only work of microseconds for the small values it is used for, so it runs on the event loop. The one
 * blocking part is seeding the nonce generator (a DRBG, as in {@code Ids}: the default NativePRNG would read
 * /dev/urandom under a global lock on every call): {@link #from} does that and warms the JCE up, so build the
 * cipher before or off the event loops. Never logs, and its exceptions never carry, a value or a key.
 */
public final class DataCipher {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom nonces;

  private DataCipher(String currentKeyId, Map<String, SecretKeySpec> keys, SecureRandom nonces) {
    this.currentKeyId = currentKeyId;
    this.keys = keys;
    this.nonces = nonces;
  }

  /** Blocking (seeds a DRBG): call at start-up or on a worker. Fails when no key is configured. */
  public static DataCipher from(EncryptionConfig config) {
    if (!config.configured()) {
      throw new IllegalStateException("DATA_ENCRYPTION_KEY is not configured");
    }
    Map<String, SecretKeySpec> keys = new HashMap<>();
    config.previousKeys().forEach((id, key) -> keys.put(id, new SecretKeySpec(key, "AES")));
    keys.put(config.keyId(), new SecretKeySpec(config.key(), "AES"));
    DataCipher cipher = new DataCipher(config.keyId(), Map.copyOf(keys), drbg());
    cipher.warmUp();
    return cipher;
  }

  public String currentKeyId() {
    return currentKeyId;
  }

  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** Encrypts with the current key; store the result with {@link #currentKeyId()}. */
  public byte[] encrypt(byte[] plain, String associatedData) {
    byte[] sealed = new byte[NONCE_BYTES + plain.length + TAG_BITS / 8];
    byte[] nonce = new byte[NONCE_BYTES];
    nonces.nextBytes(nonce);
    System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
    try {
      Cipher c = Cipher.getInstance(TRANSFORMATION);
      c.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      c.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getClass().getSimpleName());
    }
  }

  public byte[] encrypt(String plain, String associatedData) {
    return encrypt(plain.getBytes(StandardCharsets.UTF_8), associatedData);
  }

  /** Fails (without the value) for an unknown key id, a value bound to other associated data, or tampering. */
  public byte[] decrypt(String keyId, byte[] sealed, String associatedData) {
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException("no data encryption key with id " + keyId + " (is it in DATA_ENCRYPTION_PREVIOUS_KEYS?)");
    }
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException("an encrypted value is too short to be one");
    }
    try {
      Cipher c = Cipher.getInstance(TRANSFORMATION);
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an encrypted value did not decrypt: " + e.getClass().getSimpleName());
    }
  }

  public String decryptString(String keyId, byte[] sealed, String associatedData) {
    return new String(decrypt(keyId, sealed, associatedData), StandardCharsets.UTF_8);
  }

  /** Loads the JCE provider's classes now rather than on the first request's event loop. */
  private void warmUp() {
    byte[] sealed = encrypt(new byte[] {1}, "warm-up");
    decrypt(currentKeyId, sealed, "warm-up");
  }

  private static SecureRandom drbg() {
    try {
      SecureRandom random = SecureRandom.getInstance("DRBG");
      random.nextBytes(new byte[1]);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no DRBG SecureRandom in this JDK", e);
    }
  }
}
