package org.clinicapi.webhooks.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The {@code X-Clinic-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 * The timestamp is inside the signed text, so a receiver that rejects old timestamps also rejects replays.
 */
public final class WebhookSigner {
  private static final String HMAC = "HmacSHA256";

  private WebhookSigner() {
  }

  public static String header(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
  }

  static String hmacHex(String secret, String text) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every JDK ships HmacSHA256; reaching this is a broken runtime, not a bad input.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
