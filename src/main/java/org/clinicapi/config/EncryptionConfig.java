package org.clinicapi.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keys for application-side encryption at rest (AES-256-GCM of the most sensitive profile fields):
 * {@code DATA_ENCRYPTION_KEY} (32 random bytes, base64) is the current key, named by {@code DATA_ENCRYPTION_KEY_ID}
 * or, when that is empty, by an id derived from the key ({@link #derivedId}); {@code DATA_ENCRYPTION_PREVIOUS_KEYS}
 * lists retired keys ({@code kid:base64}, comma-separated; a bare base64 key gets its derived id) that still
 * decrypt rows written before a rotation. Empty key: not configured (dev generates one, prod refuses to start).
 * {@link #toString()} never shows key material.
 */
public record EncryptionConfig(String keyId, byte[] key, Map<String, byte[]> previousKeys) {
  public static final int KEY_BYTES = 32;
  private static final Pattern KEY_ID = Pattern.compile("^[A-Za-z0-9._-]{1,32}$");

  static EncryptionConfig read(SettingsReader in) {
    String encoded = in.string("DATA_ENCRYPTION_KEY");
    byte[] key = encoded.isEmpty() ? null : decode(in, "DATA_ENCRYPTION_KEY", encoded);
    String id = in.string("DATA_ENCRYPTION_KEY_ID");
    if (!id.isEmpty() && !KEY_ID.matcher(id).matches()) {
      in.problem("DATA_ENCRYPTION_KEY_ID", "must be 1 to 32 letters, digits, '.', '_' or '-'");
    }
    if (id.isEmpty() && key != null) {
      id = derivedId(key);
    }
    Map<String, byte[]> previous = new LinkedHashMap<>();
    for (String entry : in.list("DATA_ENCRYPTION_PREVIOUS_KEYS")) {
      int colon = entry.indexOf(':');
      byte[] old = decode(in, "DATA_ENCRYPTION_PREVIOUS_KEYS", colon < 0 ? entry : entry.substring(colon + 1));
      String oldId = colon < 0 ? (old == null ? "" : derivedId(old)) : entry.substring(0, colon).trim();
      if (!KEY_ID.matcher(oldId).matches() || oldId.equals(id) || previous.containsKey(oldId)) {
        in.problem("DATA_ENCRYPTION_PREVIOUS_KEYS", "entries must be kid:base64 with distinct ids other than the current key's");
      } else if (old != null) {
        previous.put(oldId, old);
      }
    }
    return new EncryptionConfig(key == null ? "" : id, key, Map.copyOf(previous));
  }

  public boolean configured() {
    return key != null;
  }

  /** {@code "k"} and the first 8 hex digits of SHA-256 of the key: stable per key, reveals nothing usable about it. */
  public static String derivedId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "k" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] decode(SettingsReader in, String name, String text) {
    try {
      byte[] bytes = Base64.getDecoder().decode(text.trim().getBytes(StandardCharsets.US_ASCII));
      if (bytes.length == KEY_BYTES) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below, without the value
    }
    in.problem(name, "must be " + KEY_BYTES + " random bytes in base64 (e.g. openssl rand -base64 32)");
    return null;
  }

  @Override
  public String toString() {
    return "EncryptionConfig[keyId=" + keyId + ", previousKeyIds=" + previousKeys.keySet() + "]";
  }
}
