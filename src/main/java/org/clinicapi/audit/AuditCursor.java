package org.clinicapi.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset position (at, id) in the audit log, opaque to clients: base64url of "micros:id". Stable under
 * inserts because it names a row's sort key, not an offset.
 */
record AuditCursor(Instant at, UUID id) {

  static AuditCursor after(ChainedEvent row) {
    return new AuditCursor(row.event().at(), row.id());
  }

  String encode() {
    String plain = ChronoUnit.MICROS.between(Instant.EPOCH, at) + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, or null when the text is not one this server issued. */
  static AuditCursor decode(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = plain.indexOf(':');
      long micros = Long.parseLong(plain.substring(0, colon));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new AuditCursor(at, UUID.fromString(plain.substring(colon + 1)));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
             | java.time.DateTimeException e) {
      return null;
    }
  }
}
