package org.clinicapi.common;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The one keyset cursor of every list: the sort value and id of the last row of a page, and the order it
 * was issued for. Opaque to clients (base64url of {@code order|micros|id}). Microseconds, because that is
 * PostgreSQL's precision: the position must equal the row's stored value exactly or the next page would
 * repeat or skip it. A cursor that does not decode, or was issued for another order, is a 400
 * {@code VALIDATION_ERROR} naming {@code cursor}.
 */
public record Cursor(String order, Instant at, UUID id) {

  /** The position as the pg client binds a timestamptz parameter. */
  public OffsetDateTime atUtc() {
    return at.atOffset(ZoneOffset.UTC);
  }

  public String encode() {
    String plain = order + "|" + ChronoUnit.MICROS.between(Instant.EPOCH, at) + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; the cursor when this server issued it for {@code order}; a 400 otherwise. */
  public static Cursor decode(String text, String order) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Cursor cursor;
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
      cursor = new Cursor(parts[0], Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), UUID.fromString(parts[2]));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException | DateTimeException e) {
      throw invalid("is not a cursor this server issued");
    }
    if (!cursor.order().equals(order)) {
      throw invalid("was issued for another list or sort order");
    }
    return cursor;
  }

  private static ServiceException invalid(String message) {
    return ServiceException.validation(List.of(new FieldError("cursor", message)));
  }
}
