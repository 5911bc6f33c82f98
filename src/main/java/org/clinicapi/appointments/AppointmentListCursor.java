package org.clinicapi.appointments;

import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A keyset position in an appointment list: the sort value and id of the last row of a page, and the sort
 * it was issued for. Opaque to clients (base64url of {@code sort|micros|id}). Microseconds, because that is
 * PostgreSQL's precision: the position must equal the row's stored value exactly or the next page would
 * repeat or skip it. A cursor of another sort order is refused: its position means nothing there.
 */
record AppointmentListCursor(String sort, Instant at, UUID id) {

  String encode() {
    String plain = sort + "|" + ChronoUnit.MICROS.between(Instant.EPOCH, at) + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; a 400 naming {@code cursor} for one this server did not issue for {@code sort}. */
  static AppointmentListCursor decode(String text, String sort) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    AppointmentListCursor cursor;
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
      Instant at = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
      cursor = new AppointmentListCursor(parts[0], at, UUID.fromString(parts[2]));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException | DateTimeException e) {
      throw invalid("is not a cursor this server issued");
    }
    if (!cursor.sort().equals(sort)) {
      throw invalid("was issued for another sort order");
    }
    return cursor;
  }

  private static ServiceException invalid(String message) {
    return ServiceException.validation(List.of(new FieldError("cursor", message)));
  }
}
