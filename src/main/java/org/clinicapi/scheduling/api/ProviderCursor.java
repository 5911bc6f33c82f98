package org.clinicapi.scheduling.api;

import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The keyset position of GET /providers: the sort it was issued for, the last row's id and its sort value as
 * text (a fee, a rating, a lowercased name, an instant; {@code infinity} for "no next free slot"). Opaque to
 * clients like {@link org.clinicapi.common.Cursor} (base64url of {@code order|id|value}); the value comes last
 * because a name may contain the separator. The SQL compares the value in the column's own type.
 */
public record ProviderCursor(String order, UUID id, String value) {

  public String encode() {
    String plain = order + "|" + id + "|" + value;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; a 400 naming {@code cursor} for one not issued by this server for {@code sort}. */
  public static ProviderCursor decode(String text, ProviderSort sort) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    ProviderCursor cursor;
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
      cursor = new ProviderCursor(parts[0], UUID.fromString(parts[1]), parts[2]);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw invalid("is not a cursor this server issued");
    }
    if (!cursor.order().equals(sort.wire())) {
      throw invalid("was issued for another list or sort order");
    }
    return cursor;
  }

  private static ServiceException invalid(String message) {
    return ServiceException.validation(List.of(new FieldError("cursor", message)));
  }
}
