package org.clinicapi.communications;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

/**
 * Signed one-click unsubscribe links for reminder e-mails (RFC 8058): the token is the user id and an
 * HMAC-SHA256 of it, so a link works without a database row and cannot be made for another user. The key
 * is derived from the server's JWT signing key (a secret every deployment already has and rotates); a
 * rotation invalidates old links, which only means a reader follows the link in a newer e-mail.
 */
public final class UnsubscribeLinks {
  public static final String PATH = "/api/v1/notifications/unsubscribe";
  private static final int MAC_BYTES = 16;
  private final byte[] key;
  private final String baseUrl;

  public UnsubscribeLinks(String signingSecret, String baseUrl) {
    this.key = sha256(("clinic-api unsubscribe links\0" + signingSecret).getBytes(StandardCharsets.UTF_8));
    this.baseUrl = baseUrl;
  }

  public String url(UUID userId) {
    return baseUrl + PATH + "?token=" + token(userId);
  }

  String token(UUID userId) {
    ByteBuffer buf = ByteBuffer.allocate(16 + MAC_BYTES);
    buf.putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).put(mac(userId));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }

  /** The user a token was made for, or null when it is malformed or not ours. */
  public UUID verify(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token == null ? "" : token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length != 16 + MAC_BYTES) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    UUID user = new UUID(buf.getLong(), buf.getLong());
    byte[] given = new byte[MAC_BYTES];
    buf.get(given);
    return MessageDigest.isEqual(given, mac(user)) ? user : null;
  }

  private byte[] mac(UUID userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] full = mac.doFinal(userId.toString().getBytes(StandardCharsets.US_ASCII));
      byte[] cut = new byte[MAC_BYTES];
      System.arraycopy(full, 0, cut, 0, MAC_BYTES);
      return cut;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
